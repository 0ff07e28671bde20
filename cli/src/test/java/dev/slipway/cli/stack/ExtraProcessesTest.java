package dev.slipway.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.cli.CliException;
import dev.slipway.cli.Output;
import dev.slipway.cli.OutputFormat;
import dev.slipway.cli.Styles;

/** Processes beside the stack (the demo's providers and workers): recorded, listed by status, stopped. */
class ExtraProcessesTest {

    @TempDir
    Path home;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    StackService stack;

    StackService stack() {
        PrintStream sink = new PrintStream(printed, true, StandardCharsets.UTF_8);
        stack = new StackService(StackLayout.of(home, java.util.Map.of()), new Output(sink, sink, OutputFormat.text, new Styles(false)));
        return stack;
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.stopExtra("worker:demo");
        }
    }

    @Test
    void anExtraIsRecordedWithTheUrlItAnnouncesListedByStatusAndStopped() {
        StackState.Entry entry = stack().startExtra("worker:demo",
                List.of("sh", "-c", "echo 'READY w-1 http://127.0.0.1:4242'; exec sleep 60"), "READY ", Duration.ofSeconds(10));

        assertThat(entry.url()).isEqualTo("http://127.0.0.1:4242");
        assertThat(entry.alive()).isTrue();
        assertThat(StackState.load(home.resolve(".slipway/stack.json")).orElseThrow().entry("worker:demo")).isPresent();
        stack.status();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("worker:demo", "up", "http://127.0.0.1:4242");

        stack.stopExtra("worker:demo");
        assertThat(entry.alive()).isFalse();
        assertThat(StackState.load(home.resolve(".slipway/stack.json")).orElseThrow().entry("worker:demo")).isEmpty();
    }

    @Test
    void anExtraThatExitsBeforeItIsReadySaysWhyWithItsLastLines() {
        assertThatThrownBy(() -> stack().startExtra("worker:demo",
                List.of("sh", "-c", "echo 'refusing to start: release sha256:ab is not signed' >&2; exit 2"), "READY ",
                Duration.ofSeconds(10)))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("worker:demo exited with status 2")
                .hasMessageContaining("refusing to start: release sha256:ab is not signed");
    }
}
