package dev.slipway.cli.stack;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The parts of the local stack, in start order. {@code down} stops them in reverse: services, registry, broker. */
public enum Component {
    KAFKA("kafka", null, null),
    REGISTRY("registry", null, null),
    // Two builds at once, each holding a body of up to 32 MiB a few times over (builder application.properties).
    BUILDER("builder-service", "builder-service", "768m"),
    CANARY("canary-service", "canary-service", "384m"),
    ROUTER("router-service", "router-service", "384m"),
    LINEAGE("lineage-service", "lineage-service", "384m");

    private final String id;
    private final String module;
    private final String defaultHeap;

    Component(String id, String module, String defaultHeap) {
        this.id = id;
        this.module = module;
        this.defaultHeap = defaultHeap;
    }

    /**
     * The {@code -Xmx} a service gets in the local stack unless {@code SLIPWAY_SERVICE_JAVA_OPTS} sets one: a bound,
     * so that a burst of work is refused or queued by the service instead of growing the machine's memory.
     */
    public String defaultHeap() {
        return defaultHeap;
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
