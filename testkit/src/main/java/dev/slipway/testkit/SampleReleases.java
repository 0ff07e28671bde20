package dev.slipway.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.release.LoadedRelease;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.service.ReleaseEvents;

/**
 * Real, signed releases of {@code examples/support-triage}, published exactly as the builder would: for tests and
 * benchmarks of everything that consumes {@code slipway.releases}.
 */
public final class SampleReleases {

    public static final String TRIAGE_PROMPT = "prompts/triage.md";
    /** A line of the triage prompt that {@link #editedTriageLine()} changes (only the PROMPTS part then differs). */
    public static final String ORIGINAL_LINE =
            "5. Call `create_ticket` with the category, priority, a one-line title under 80 characters and the internal summary.";
    public static final String EDITED_LINE =
            "5. Call `create_ticket` with the category, priority, a one-line title under 60 characters and the internal summary.";

    private static final ReleaseSigner SIGNER = ReleaseSigner.generate();
    private static final Instant BUILT_AT = Instant.parse("2026-11-20T09:00:00Z");

    private SampleReleases() {
    }

    /** The sample release as committed, found from the working directory or any parent of it. */
    public static ReleaseBundle bundle() {
        String root = System.getProperty("slipway.repo.root");
        Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/support-triage"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("examples/support-triage not found above " + Path.of("").toAbsolutePath());
        }
        return ReleaseBundle.fromDirectory(dir.resolve("examples/support-triage"));
    }

    /** The sample with {@link #ORIGINAL_LINE} of its triage prompt replaced by {@link #EDITED_LINE}. */
    public static ReleaseBundle editedTriageLine() {
        ReleaseBundle original = bundle();
        String prompt = original.files().get(TRIAGE_PROMPT);
        if (prompt == null || !prompt.contains(ORIGINAL_LINE)) {
            throw new IllegalStateException(TRIAGE_PROMPT + " no longer holds the line this fixture edits: " + ORIGINAL_LINE);
        }
        return withFile(original, TRIAGE_PROMPT, prompt.replace(ORIGINAL_LINE, EDITED_LINE));
    }

    /** The sample with {@code line} appended to its triage prompt. */
    public static ReleaseBundle withTriageLine(String line) {
        ReleaseBundle original = bundle();
        return withFile(original, TRIAGE_PROMPT, original.files().get(TRIAGE_PROMPT) + "\n" + line + "\n");
    }

    /** {@code bundle} built and signed by this JVM's test builder key. */
    public static ReleaseBuilt signed(ReleaseBundle bundle) {
        return signed(bundle, SIGNER);
    }

    public static ReleaseBuilt signed(ReleaseBundle bundle, ReleaseSigner signer) {
        LoadedRelease loaded = ReleaseLoader.load(bundle.toSource());
        return ReleaseEvents.releaseBuilt(loaded.release(), loaded.evaluate(), signer.sign(loaded.release().digest()),
                "test-builder", BUILT_AT);
    }

    /** The same release with one character of its signature value changed. */
    public static ReleaseBuilt withTamperedSignature(ReleaseBuilt release) {
        String value = release.getSignature().getValue();
        String tampered = (value.charAt(0) == 'A' ? 'B' : 'A') + value.substring(1);
        return ReleaseBuilt.newBuilder(release)
                .setSignature(dev.slipway.events.ReleaseSignature.newBuilder(release.getSignature()).setValue(tampered).build())
                .build();
    }

    private static ReleaseBundle withFile(ReleaseBundle bundle, String path, String content) {
        Map<String, String> files = new TreeMap<>(bundle.files());
        files.put(path, content);
        return new ReleaseBundle(bundle.manifestName(), bundle.manifest(), files);
    }
}
