package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size limits of a release: one test per limit, at it and over it, from disk and from a bundle. */
class SizeLimitsTest {

    private static final int MIB = 1024 * 1024;

    private final Fixtures.Files release = new Fixtures.Files();

    private static List<Violation> refused(Runnable load) {
        ReleaseValidationException e = catchThrowableOfType(ReleaseValidationException.class, load::run);
        assertThat(e).as("expected the release to be refused").isNotNull();
        return e.violations();
    }

    @Test
    void aHugeSparsePromptOnDiskIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        release.writeTo(dir);
        // 3 GB that take no disk space: reading them whole would need a 3 GB array and end in OutOfMemoryError.
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("prompts/triage.md").toFile(), "rw")) {
            file.setLength(3L * 1024 * MIB);
        }
        assertThat(refused(() -> ReleaseBundle.fromDirectory(dir))).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("prompts.triage");
            assertThat(v.message()).contains("3221225472 bytes").contains("prompt size limit of 1 MiB");
        });
    }

    @Test
    void aStructuredFileOverItsLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        release.writeTo(dir);
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("evals/results.json").toFile(), "rw")) {
            file.setLength(8L * MIB + 1);
        }
        assertThat(refused(() -> ReleaseLoader.load(ReleaseSource.directory(dir)))).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("evals.results");
            assertThat(v.message()).contains("file size limit of 8 MiB");
        });
    }

    @Test
    void promptsAtTheLimitAddingUpToTheReleaseLimitAreAccepted() {
        addPrompts(15, MIB);
        LoadedRelease loaded = release.load();
        assertThat(loaded.release().promptSize("p0")).isEqualTo(MIB);
        assertThat(loaded.release().prompts()).hasSize(17);
    }

    @Test
    void aReleaseOverTheReleaseLimitIsRefusedNamingIt() {
        addPrompts(16, MIB);
        assertThat(refused(release::load)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("release");
            assertThat(v.message()).contains("over the release size limit of 16 MiB");
        });
    }

    @Test
    void aBundleOverTheReleaseLimitIsRefusedBeforeItIsParsed() {
        Map<String, String> files = new TreeMap<>();
        String mib = "z".repeat(MIB);
        for (int i = 0; i < 17; i++) {
            files.put("prompts/p" + i + ".md", mib);
        }
        // The manifest is not even YAML: the size alone refuses the bundle, before any parsing.
        ReleaseBundle bundle = new ReleaseBundle("release.yaml", "{ not: [yaml", files);
        assertThat(refused(bundle::toSource)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("release");
            assertThat(v.message()).contains("over the release size limit of 16 MiB");
        });
    }

    @Test
    void tenThousandSmallPromptsAreAccepted() {
        addPrompts(10_000, 40);
        assertThat(release.load().release().prompts()).hasSize(10_002);
    }

    @Test
    void theBodyLimitLeavesRoomForEscaping() {
        assertThat(ReleaseLimits.DEFAULT.maxBundleBodyBytes()).isEqualTo(32L * MIB);
        assertThat(ReleaseLimits.inWords(32L * MIB)).isEqualTo("32 MiB");
        assertThat(ReleaseLimits.inWords(1500)).isEqualTo("1500 bytes");
    }

    @SuppressWarnings("unchecked")
    private void addPrompts(int count, int size) {
        Map<String, Object> prompts = (Map<String, Object>) release.manifest.get("prompts");
        for (int i = 0; i < count; i++) {
            String text = String.format("%-" + size + "s", "prompt " + i).replace(' ', 'x');
            prompts.put("p" + i, "prompts/p" + i + ".md");
            release.text("prompts/p" + i + ".md", text);
        }
    }
}
