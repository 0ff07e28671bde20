package dev.slipway.cli.stack;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The parts of the local stack, in start order. {@code down} stops them in reverse: services, registry, broker. */
public enum Component {
    KAFKA("kafka", null),
    REGISTRY("registry", null),
    BUILDER("builder-service", "builder-service"),
    CANARY("canary-service", "canary-service"),
    ROUTER("router-service", "router-service"),
    LINEAGE("lineage-service", "lineage-service");

    private final String id;
    private final String module;

    Component(String id, String module) {
        this.id = id;
        this.module = module;
    }

    /** Name in stack.json, logs and output. */
    public String id() {
        return id;
    }

    /** The Maven module of a Quarkus service; null for the broker and the registry. */
    public String module() {
        return module;
    }

    public boolean isService() {
        return module != null;
    }

    public static List<Component> services() {
        return Arrays.stream(values()).filter(Component::isService).toList();
    }

    public static Optional<Component> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
