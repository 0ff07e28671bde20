package dev.slipway.lineage;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.service.UndecodableRecords;

/**
 * Who built which release, when: read from {@code slipway.releases}. Runs, promotions and route changes join this
 * record as their issues land.
 */
@ApplicationScoped
public class ReleaseLineage {

    public record BuildRecord(String digest, String agent, String builtBy, Instant builtAt, String signerKeyId) {
    }

    private final Map<String, BuildRecord> builds = new ConcurrentHashMap<>();

    @Incoming("releases")
    public CompletionStage<Void> record(Message<ReleaseBuilt> message) {
        if (UndecodableRecords.isUndecodable(message)) {
            // Nacked records go to the dead-letter topic byte for byte; lineage moves on.
            return message.nack(new IllegalArgumentException("undecodable record on slipway.releases"));
        }
        ReleaseBuilt release = message.getPayload();
        if (release != null) {
            builds.putIfAbsent(release.getDigest(), new BuildRecord(release.getDigest(), release.getAgent(),
                    release.getBuiltBy(), release.getBuiltAt(), release.getSignature().getKeyId()));
        }
        return message.ack();
    }

    public Optional<BuildRecord> build(String digest) {
        return Optional.ofNullable(builds.get(digest));
    }
}
