package dev.slipway.bench.stack;

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

/**
 * Signed releases of the sample agent, as the builder publishes them. Copied from the e2e harness
 * (e2e/src/test/.../Releases.java): the bench cannot depend on test classes.
 */
public final class Releases {

    private static final ReleaseSigner SIGNER = ReleaseSigner.generate();

    private Releases() {
    }

    /** The sample release, its triage prompt extended by {@code line} (null: as committed). */
    public static ReleaseBuilt sample(String line) {
        ReleaseBundle bundle = ReleaseBundle.fromDirectory(Stack.repoRoot().resolve(Path.of("examples", "support-triage")));
        if (line != null) {
            Map<String, String> files = new HashMap<>(bundle.files());
            files.put("prompts/triage.md", files.get("prompts/triage.md") + "\n" + line + "\n");
            bundle = new ReleaseBundle(bundle.manifestName(), bundle.manifest(), files);
        }
        LoadedRelease loaded = ReleaseLoader.load(bundle.toSource());
        return ReleaseEvents.releaseBuilt(loaded.release(), loaded.evaluate(), SIGNER.sign(loaded.release().digest()),
                "bench", Instant.parse("2026-11-20T09:00:00Z"));
    }
}
