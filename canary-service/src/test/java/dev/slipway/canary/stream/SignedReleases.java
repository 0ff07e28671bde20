package dev.slipway.canary.stream;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.release.LoadedRelease;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.service.ReleaseEvents;

/**
 * Real, signed {@code ReleaseBuilt} events built from {@code examples/support-triage}: the original release (the
 * baseline) and the same release with one line of its triage prompt edited (the candidate), so an alert's artifact
 * diff is release-core's real diff and names exactly the PROMPTS part.
 */
final class SignedReleases {

    static final String PROMPT_FILE = "prompts/triage.md";
    static final String ORIGINAL_LINE =
            "5. Call `create_ticket` with the category, priority, a one-line title under 80 characters and the internal summary.";
    static final String EDITED_LINE =
            "5. Call `create_ticket` with the category, priority, a one-line title under 60 characters and the internal summary.";

    private static final Instant BUILT_AT = Instant.parse("2026-11-20T09:00:00Z");

    private SignedReleases() {
    }

    /** The example release, unchanged. */
    static ReleaseBundle original() {
        return ReleaseBundle.fromDirectory(Path.of("../examples/support-triage"));
    }

    /** The example release with one line of its triage prompt edited: only the PROMPTS part differs. */
    static ReleaseBundle editedPrompt() {
        ReleaseBundle original = original();
        String prompt = original.files().get(PROMPT_FILE);
        if (prompt == null || !prompt.contains(ORIGINAL_LINE)) {
            throw new IllegalStateException(PROMPT_FILE + " no longer holds the line this fixture edits: " + ORIGINAL_LINE);
        }
        Map<String, String> files = new TreeMap<>(original.files());
        files.put(PROMPT_FILE, prompt.replace(ORIGINAL_LINE, EDITED_LINE));
        return new ReleaseBundle(original.manifestName(), original.manifest(), files);
    }

    /** Loads, evaluates and signs the bundle, then maps it as the builder publishes it. */
    static ReleaseBuilt signed(ReleaseBundle bundle, ReleaseSigner signer) {
        LoadedRelease loaded = ReleaseLoader.load(bundle.toSource());
        Release release = loaded.release();
        return ReleaseEvents.releaseBuilt(release, loaded.evaluate(), signer.sign(release.digest()), "test-builder",
                BUILT_AT);
    }
}
