package dev.slipway.cli.stack;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway up}: start the local stack in the background (idempotent). */
@Command(name = "up",
        mixinStandardHelpOptions = true,
        description = {"Start the local stack in the background.",
                "",
                "Kafka (KRaft), Apicurio Registry, then the builder, canary, router and lineage services.",
                "Waits until each is ready and prints where it runs.",
                "Already running components are left alone; services whose jar is not built are skipped.",
                "Every port can be changed by its flag or environment variable (shown in brackets)."})
public final class UpCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--kafka-port", paramLabel = "<port>", description = "Kafka client port (19092) [SLIPWAY_KAFKA_PORT].")
    Integer kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "<port>",
            description = "Kafka KRaft controller port (19093) [SLIPWAY_KAFKA_CONTROLLER_PORT].")
    Integer kafkaControllerPort;

    @Option(names = "--registry-port", paramLabel = "<port>", description = "Registry HTTP port (18080) [SLIPWAY_REGISTRY_PORT].")
    Integer registryPort;

    @Option(names = "--registry-management-port", paramLabel = "<port>",
            description = "Registry health/management port (19000) [SLIPWAY_REGISTRY_MANAGEMENT_PORT].")
    Integer registryManagementPort;

    @Option(names = "--builder-port", paramLabel = "<port>", description = "builder-service port (18081) [SLIPWAY_BUILDER_PORT].")
    Integer builderPort;

    @Option(names = "--canary-port", paramLabel = "<port>", description = "canary-service port (18082) [SLIPWAY_CANARY_PORT].")
    Integer canaryPort;

    @Option(names = "--router-port", paramLabel = "<port>", description = "router-service port (18083) [SLIPWAY_ROUTER_PORT].")
    Integer routerPort;

    @Option(names = "--lineage-port", paramLabel = "<port>", description = "lineage-service port (18084) [SLIPWAY_LINEAGE_PORT].")
    Integer lineagePort;

    @Option(names = "--no-services", description = "Start only Kafka and the registry (e.g. to run a service in quarkus:dev).")
    boolean noServices;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "180",
            description = "How long to wait for each component to be ready (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    public UpCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Map<PortSetting, Integer> flags = new EnumMap<>(PortSetting.class);
        put(flags, PortSetting.KAFKA, kafkaPort);
        put(flags, PortSetting.KAFKA_CONTROLLER, kafkaControllerPort);
        put(flags, PortSetting.REGISTRY, registryPort);
        put(flags, PortSetting.REGISTRY_MANAGEMENT, registryManagementPort);
        put(flags, PortSetting.BUILDER, builderPort);
        put(flags, PortSetting.CANARY, canaryPort);
        put(flags, PortSetting.ROUTER, routerPort);
        put(flags, PortSetting.LINEAGE, lineagePort);
        StackPorts ports = StackPorts.resolve(flags, envMap());
        List<String> jvmOptions = ctx.env("SLIPWAY_SERVICE_JAVA_OPTS")
                .map(o -> Arrays.stream(o.trim().split("\\s+")).toList()).orElse(List.of());
        return StackService.of(ctx).up(new StackService.UpRequest(ports, !noServices,
                Duration.ofSeconds(Math.max(1, timeoutSeconds)), jvmOptions));
    }

    private Map<String, String> envMap() {
        Map<String, String> env = new java.util.HashMap<>();
        for (PortSetting p : PortSetting.values()) {
            ctx.env(p.env()).ifPresent(v -> env.put(p.env(), v));
        }
        return env;
    }

    private static void put(Map<PortSetting, Integer> flags, PortSetting s, Integer value) {
        if (value != null) {
            flags.put(s, value);
        }
    }
}
