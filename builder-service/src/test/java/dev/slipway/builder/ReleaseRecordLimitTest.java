package dev.slipway.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Topics;
import dev.slipway.release.EvalGate;
import dev.slipway.release.LoadedRelease;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.service.ReleaseEvents;

/** The record limit of slipway.releases, checked before a release is published. */
class ReleaseRecordLimitTest {

    private final ReleaseBuilt sample = sample();

    @Test
    void aReleaseThatFitsTheRecordLimitPasses() {
        ReleaseLog.requireFits(sample);
    }

    @Test
    void aReleaseOverTheRecordLimitIsRefusedWith413NamingTheLimit() {
        ReleaseBuilt huge = ReleaseBuilt.newBuilder(sample).setContent("x".repeat(Topics.RELEASES.recordLimit())).build();
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> ReleaseLog.requireFits(huge));
        assertThat(refused).isNotNull();
        assertThat(refused.toProblem("/api/v1/releases").status()).isEqualTo(413);
        assertThat(refused.getMessage()).contains("over the release record limit of 64 MiB on slipway.releases");
    }

    private static ReleaseBuilt sample() {
        LoadedRelease loaded = ReleaseLoader.load(ReleaseBundle.fromDirectory(Path.of("..", "examples", "support-triage")).toSource());
        var report = EvalGate.evaluate(loaded.evalSuite(), loaded.evalThreshold(), loaded.evalResults().orElseThrow());
        ReleaseSigner signer = ReleaseSigner.generate();
        return ReleaseEvents.releaseBuilt(loaded.release(), report, signer.sign(loaded.release().digest()), "test",
                Instant.parse("2026-12-03T00:00:00Z"));
    }
}
