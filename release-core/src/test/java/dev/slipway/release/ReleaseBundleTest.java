package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseBundleTest {

    @Test
    void aBundleHoldsExactlyTheManifestAndTheFilesItReferences() {
        ReleaseBundle bundle = ReleaseBundle.fromDirectory(Fixtures.EXAMPLE);
        assertThat(bundle.manifestName()).isEqualTo("release.yaml");
        assertThat(bundle.manifest()).startsWith("# Release manifest for the support-triage agent.");
        assertThat(bundle.files()).containsOnlyKeys("prompts/system.md", "prompts/triage.md", "tools/search_kb.yaml",
                "tools/create_ticket.json", "tools/escalate_to_human.yaml", "evals/suite.yaml", "evals/results.json");
    }

    @Test
    void aBundleLoadsToTheSameRelease() {
        ReleaseBundle bundle = ReleaseBundle.fromDirectory(Fixtures.EXAMPLE);
        LoadedRelease fromDisk = ReleaseLoader.load(ReleaseSource.directory(Fixtures.EXAMPLE));
        LoadedRelease fromBundle = ReleaseLoader.load(bundle.toSource());
        assertThat(fromBundle.release().digest()).isEqualTo(fromDisk.release().digest());
        assertThat(fromBundle.evalSuite()).isEqualTo(fromDisk.evalSuite());
    }

    @Test
    void aBundleSurvivesJson() throws Exception {
        ReleaseBundle bundle = ReleaseBundle.fromDirectory(Fixtures.EXAMPLE);
        String json = Fixtures.MAPPER.writeValueAsString(bundle);
        ReleaseBundle back = Fixtures.MAPPER.readValue(json, ReleaseBundle.class);
        assertThat(back).isEqualTo(bundle);
        assertThat(ReleaseLoader.load(back.toSource()).release().digest())
                .isEqualTo(ReleaseLoader.load(bundle.toSource()).release().digest());
    }

    @Test
    void unreferencedFilesStayBehind(@TempDir Path dir) throws Exception {
        new Fixtures.Files().writeTo(dir);
        Files.writeString(dir.resolve("notes.txt"), "not part of the release");
        Files.writeString(dir.resolve("prompts/draft.md"), "not referenced");
        assertThat(ReleaseBundle.fromDirectory(dir).files()).doesNotContainKeys("notes.txt", "prompts/draft.md").hasSize(6);
    }

    @Test
    void aBrokenReleaseIsRefusedBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        Fixtures.Files files = new Fixtures.Files();
        files.section("model").put("snapshot", "latest");
        files.writeTo(dir);
        assertThatThrownBy(() -> ReleaseBundle.fromDirectory(dir)).isInstanceOf(ReleaseValidationException.class)
                .hasMessageContaining("model.snapshot");
    }

    @Test
    void aJsonManifestIsFoundToo(@TempDir Path dir) throws Exception {
        Fixtures.Files files = new Fixtures.Files();
        files.manifestName = "release.json";
        files.writeTo(dir);
        assertThat(ReleaseSource.directory(dir).manifestName()).isEqualTo("release.json");
        assertThat(ReleaseLoader.load(ReleaseSource.directory(dir)).release().digest()).isEqualTo(Fixtures.release().digest());
        Files.writeString(dir.resolve("release.yaml"), "agent: other\n");
        assertThatThrownBy(() -> ReleaseSource.directory(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ambiguous");
    }
}
