package dev.slipway.cli.stack;

/** Every port the local stack listens on, with the flag and environment variable that change it. */
public enum PortSetting {
    KAFKA(Component.KAFKA, "Kafka broker port", "--kafka-port", 19092),
    KAFKA_CONTROLLER(Component.KAFKA, "Kafka controller port", "--kafka-controller-port", 19093),
    REGISTRY(Component.REGISTRY, "Registry HTTP port", "--registry-port", 18080),
    REGISTRY_MANAGEMENT(Component.REGISTRY, "Registry management port", "--registry-management-port", 19000),
    BUILDER(Component.BUILDER, "builder-service HTTP port", "--builder-port", 18081),
    CANARY(Component.CANARY, "canary-service HTTP port", "--canary-port", 18082),
    ROUTER(Component.ROUTER, "router-service HTTP port", "--router-port", 18083),
    LINEAGE(Component.LINEAGE, "lineage-service HTTP port", "--lineage-port", 18084);

    private final Component component;
    private final String label;
    private final String flag;
    private final int defaultPort;

    PortSetting(Component component, String label, String flag, int defaultPort) {
        this.component = component;
        this.label = label;
        this.flag = flag;
        this.defaultPort = defaultPort;
    }

    public Component component() {
        return component;
    }

    public String label() {
        return label;
    }

    public String flag() {
        return flag;
    }

    /** {@code --kafka-port} → {@code SLIPWAY_KAFKA_PORT}. */
    public String env() {
        return "SLIPWAY_" + flag.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The HTTP / client port of a component (not the controller or management port). */
    public static PortSetting primary(Component c) {
        return switch (c) {
            case KAFKA -> KAFKA;
            case REGISTRY -> REGISTRY;
            case BUILDER -> BUILDER;
            case CANARY -> CANARY;
            case ROUTER -> ROUTER;
            case LINEAGE -> LINEAGE;
        };
    }
}
