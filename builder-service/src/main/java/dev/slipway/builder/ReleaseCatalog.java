package dev.slipway.builder;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.ReleaseLabelBound;

/**
 * The builder's query state: every release and label read back from the compacted topics. It is only ever filled
 * from the log (and by the publisher once the broker acknowledged), so a restart rebuilds exactly the same state.
 */
@ApplicationScoped
public class ReleaseCatalog {

    private static final Comparator<ReleaseBuilt> NEWEST_FIRST =
            Comparator.comparing(ReleaseBuilt::getBuiltAt).reversed().thenComparing(ReleaseBuilt::getDigest);

    private final Map<String, ReleaseBuilt> releasesByDigest = new ConcurrentHashMap<>();
    private final Map<String, String> digestsByLabel = new ConcurrentHashMap<>();

    /** A release is immutable: the first one seen for a digest is kept. */
    public void add(ReleaseBuilt release) {
        releasesByDigest.putIfAbsent(release.getDigest(), release);
    }

    /** A label never moves: the first binding seen for a label is kept. */
    public void bind(ReleaseLabelBound binding) {
        digestsByLabel.putIfAbsent(labelKey(binding.getAgent(), binding.getLabel()), binding.getDigest());
    }

    /** A tombstone on {@code slipway.releases}: the release is withdrawn (compaction removes it from the log too). */
    public void withdraw(String digest) {
        releasesByDigest.remove(digest);
    }

    /** A tombstone on {@code slipway.release-labels}: the label {@code agent@label} is no longer bound. */
    public void unbind(String labelKey) {
        digestsByLabel.remove(labelKey);
    }

    public Optional<ReleaseBuilt> byDigest(String digest) {
        return Optional.ofNullable(releasesByDigest.get(digest));
    }

    public Optional<ReleaseBuilt> find(ReleaseRef ref) {
        if (ref instanceof ReleaseRef.Label l) {
            return labelled(l.agent(), l.label()).flatMap(this::byDigest);
        }
        return byDigest(((ReleaseRef.Digest) ref).digest());
    }

    public Optional<String> labelled(String agent, String label) {
        return Optional.ofNullable(digestsByLabel.get(labelKey(agent, label)));
    }

    public List<String> labelsOf(ReleaseBuilt release) {
        String prefix = release.getAgent() + "@";
        return digestsByLabel.entrySet().stream()
                .filter(e -> e.getValue().equals(release.getDigest()) && e.getKey().startsWith(prefix))
                .map(e -> e.getKey().substring(prefix.length()))
                .sorted()
                .toList();
    }

    public Page<ReleaseBuilt> byAgent(String agent, int page, int size) {
        List<ReleaseBuilt> all = releasesByDigest.values().stream()
                .filter(r -> r.getAgent().equals(agent))
                .sorted(NEWEST_FIRST)
                .toList();
        int from = Math.min(page * size, all.size());
        return new Page<>(all.subList(from, Math.min(from + size, all.size())), page, size, all.size());
    }

    public int size() {
        return releasesByDigest.size();
    }

    static String labelKey(String agent, String label) {
        return agent + "@" + label;
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }
}
