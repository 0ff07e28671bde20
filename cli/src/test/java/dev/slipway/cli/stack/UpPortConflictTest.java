package dev.slipway.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.slipway.cli.CliHarness;
import dev.slipway.cli.ExitCodes;
import dev.slipway.testkit.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up} checks every port before it starts anything, and names the taken one and how to change it. */
class UpPortConflictTest {

    @TempDir
    Path home;

    /** All ports as flags, each a free one, so the test does not depend on what else runs on this machine. */
    static List<String> freePortFlags(int... avoid) {
        List<String> args = new ArrayList<>();
        List<Integer> used = new ArrayList<>();
        for (int a : avoid) {
            used.add(a);
        }
        for (PortSetting p : PortSetting.values()) {
            int port = Ports.freeExcept(used.stream().mapToInt(Integer::intValue).toArray());
            used.add(port);
            args.add(p.flag());
            args.add(String.valueOf(port));
        }
        return args;
    }

    @Test
    void aTakenPortIsNamedWithItsFlagAndNothingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            List<String> args = new ArrayList<>(List.of("up"));
            List<String> flags = freePortFlags(port);
            flags.set(flags.indexOf("--registry-port") + 1, String.valueOf(port));
            args.addAll(flags);

            CliHarness.Result r = new CliHarness(home).run(args.toArray(String[]::new));

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(r.err()).contains("Registry HTTP port " + port + " is already in use")
                    .contains("by pid " + ProcessHandle.current().pid())
                    .contains("choose another with --registry-port or SLIPWAY_REGISTRY_PORT")
                    .contains("Nothing was started.");
            assertThat(StackState.load(home.resolve(".slipway/stack.json")))
                    .hasValueSatisfying(s -> assertThat(s.components()).isEmpty());
            assertThat(home.resolve(".slipway/logs")).doesNotExist();
        }
    }

    @Test
    void aPortTakenViaTheEnvironmentSaysSoToo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            List<String> args = new ArrayList<>(List.of("up"));
            List<String> flags = freePortFlags(port);
            // drop --kafka-port from the flags: it comes from the environment instead
            int i = flags.indexOf("--kafka-port");
            flags.remove(i + 1);
            flags.remove(i);
            args.addAll(flags);

            CliHarness.Result r = new CliHarness(home).env("SLIPWAY_KAFKA_PORT", String.valueOf(port)).run(args.toArray(String[]::new));

            assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(r.err()).contains("Kafka broker port " + port + " is already in use")
                    .contains("--kafka-port or SLIPWAY_KAFKA_PORT");
        }
    }
}
