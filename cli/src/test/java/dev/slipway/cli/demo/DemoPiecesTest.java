package dev.slipway.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.cli.CliException;
import dev.slipway.cli.Output;
import dev.slipway.cli.OutputFormat;
import dev.slipway.cli.Styles;
import dev.slipway.cli.stack.StackLayout;
import dev.slipway.cli.stack.StackService;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSource;

/** The demo's own pieces: the regressing copy of the sample, and what it says when the sample agent is not built. */
class DemoPiecesTest {

    @TempDir
    Path dir;

    @Test
    void theRegressingCopyDiffersFromTheSampleByOnePromptLineAndLeavesTheSampleAlone() throws Exception {
        Path sample = Path.of("..", "examples", "support-triage");
        String before = Files.readString(sample.resolve("prompts/triage.md"));
        Path copy = DemoCommand.withoutResults(sample, dir.resolve("v2"), true);
        Path plain = DemoCommand.withoutResults(sample, dir.resolve("v1"), false);

        assertThat(Files.readString(sample.resolve("prompts/triage.md"))).isEqualTo(before);
        assertThat(Files.readString(copy.resolve("prompts/triage.md"))).isEqualTo(before + "\n" + DemoCommand.REGRESSING_LINE + "\n");
        var v1 = ReleaseLoader.load(ReleaseSource.directory(sample)).release();
        var v2 = ReleaseLoader.load(ReleaseSource.directory(copy)).release();
        assertThat(v2.digest()).isNotEqualTo(v1.digest());
        assertThat(v2.partDigests().get(dev.slipway.release.Part.MODEL)).isEqualTo(v1.partDigests().get(dev.slipway.release.Part.MODEL));

        // Both copies leave their results to the eval runner; the plain one is the sample itself.
        assertThat(ReleaseLoader.load(ReleaseSource.directory(copy)).evalResults()).isEmpty();
        assertThat(ReleaseLoader.load(ReleaseSource.directory(plain)).evalResults()).isEmpty();
        assertThat(ReleaseLoader.load(ReleaseSource.directory(plain)).release().digest()).isEqualTo(v1.digest());
        assertThat(Files.exists(sample.resolve("evals/results.json"))).as("the example keeps its results").isTrue();
    }

    @Test
    void aSampleAgentThatIsNotBuiltIsAClearErrorNamingTheCommand() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        StackLayout layout = StackLayout.of(dir, java.util.Map.of());
        LocalAgents agents = new LocalAgents(layout, new StackService(layout, new Output(sink, sink, OutputFormat.text, new Styles(false))));
        assertThatThrownBy(agents::ensureProviders)
                .isInstanceOf(CliException.class)
                .hasMessageContaining("examples/sim-provider is not built")
                .hasMessageContaining("./mvnw -DskipTests install");
    }
}
