package dev.slipway.router;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.release.LoadedRelease;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.service.ReleaseEvents;

/** Real, signed releases of the sample agent, as the builder would publish them. */
final class SignedReleases {

    static final Path SAMPLE = Path.of("..", "examples", "support-triage");
    private static final ReleaseSigner SIGNER = ReleaseSigner.generate();
    private static final Instant BUILT_AT = Instant.parse("2026-11-20T09:00:00Z");

    private SignedReleases() {
    }

    /** The sample release with {@code extraTriageLine} appended to its triage prompt (null: unchanged). */
    static ReleaseBuilt sample(String extraTriageLine) {
        ReleaseBundle bundle = ReleaseBundle.fromDirectory(SAMPLE);
        if (extraTriageLine != null) {
            Map<String, String> files = new HashMap<>(bundle.files());
            files.put("prompts/triage.md", files.get("prompts/triage.md") + "\n" + extraTriageLine + "\n");
            bundle = new ReleaseBundle(bundle.manifestName(), bundle.manifest(), files);
        }
        LoadedRelease loaded = ReleaseLoader.load(bundle.toSource());
        return ReleaseEvents.releaseBuilt(loaded.release(), loaded.evaluate(), SIGNER.sign(loaded.release().digest()),
                "test", BUILT_AT);
    }
}
