package dev.slipway.builder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.release.LoadedRelease;

/**
 * Releases waiting for their eval results: validated and resolved, not signed into the catalog and never on
 * {@code slipway.releases}. A worker may be pinned to one (to run the evals); results that pass the gate build it.
 * Held in this builder's memory, the oldest dropped first beyond {@code slipway.builder.max-candidates}, each for
 * {@code slipway.builder.candidate-ttl}: after a restart or expiry the client proposes it again (same content, same
 * digest).
 */
@ApplicationScoped
public class CandidateStore {

    /** A proposed release and who proposed it, with the label it is to get when built. */
    public record Candidate(LoadedRelease loaded, Optional<String> label, String proposedBy, Instant proposedAt,
            Instant expiresAt) {

        public String digest() {
            return loaded.release().digest();
        }
    }

    private final Map<String, Candidate> byDigest = new LinkedHashMap<>();
    private final int maxCandidates;
    private final Duration ttl;
    private final Clock clock;

    public CandidateStore(@ConfigProperty(name = "slipway.builder.max-candidates", defaultValue = "64") int maxCandidates,
            @ConfigProperty(name = "slipway.builder.candidate-ttl", defaultValue = "1h") Duration ttl, Clock clock) {
        this.maxCandidates = maxCandidates;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Holds the candidate (again: a new proposal of the same digest replaces the old one and its expiry). */
    public synchronized Candidate propose(LoadedRelease loaded, Optional<String> label, String proposedBy) {
        expire();
        Instant now = clock.instant();
        Candidate candidate = new Candidate(loaded, label, proposedBy, now, now.plus(ttl));
        byDigest.remove(candidate.digest());
        byDigest.put(candidate.digest(), candidate);
        while (byDigest.size() > maxCandidates) {
            byDigest.remove(byDigest.keySet().iterator().next());
        }
        return candidate;
    }

    public synchronized Optional<Candidate> get(String digest) {
        expire();
        return Optional.ofNullable(byDigest.get(digest));
    }

    public synchronized void remove(String digest) {
        byDigest.remove(digest);
    }

    private void expire() {
        Instant now = clock.instant();
        byDigest.values().removeIf(c -> !c.expiresAt().isAfter(now));
    }
}
