package dev.slipway.lineage;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Topics;
import dev.slipway.service.intake.Intake;
import dev.slipway.service.intake.TopicView;
import io.quarkus.runtime.Startup;

/**
 * Who built which release, when: read from {@code slipway.releases} by the reader {@code lineage.releases}, from the
 * beginning at every start. A withdrawn release (a tombstone) keeps its build record: lineage answers for what was
 * built even after it is gone from the topic. Runs, promotions and route changes join this record as their issues
 * land.
 */
@Startup
@ApplicationScoped
public class ReleaseLineage implements TopicView<ReleaseBuilt> {

    public record BuildRecord(String digest, String agent, String builtBy, Instant builtAt, String signerKeyId) {
    }

    private final Map<String, BuildRecord> builds = new ConcurrentHashMap<>();

    public ReleaseLineage(Intake intake) {
        intake.read("releases", reader -> reader.read(intake.gate(Topics.RELEASES), this));
    }

    @Override
    public void put(String digest, ReleaseBuilt release) {
        builds.putIfAbsent(digest, new BuildRecord(digest, release.getAgent(), release.getBuiltBy(),
                release.getBuiltAt(), release.getSignature().getKeyId()));
    }

    @Override
    public void delete(String digest) {
        // Lineage is history: a withdrawn release was still built, and runs may name it.
    }

    public Optional<BuildRecord> build(String digest) {
        return Optional.ofNullable(builds.get(digest));
    }
}
