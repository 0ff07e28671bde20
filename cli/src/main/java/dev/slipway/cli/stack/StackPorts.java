package dev.slipway.cli.stack;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;

/** The ports for one {@code up}: flag, else environment variable, else default; all distinct. */
public final class StackPorts {

    private final Map<PortSetting, Integer> ports;
    private final Map<PortSetting, String> sources;

    private StackPorts(Map<PortSetting, Integer> ports, Map<PortSetting, String> sources) {
        this.ports = ports;
        this.sources = sources;
    }

    public static StackPorts defaults() {
        return resolve(Map.of(), Map.of());
    }

    /**
     * @param flags ports given on the command line (absent settings are not in the map)
     * @param env   the environment
     * @throws CliException (usage) for a non-numeric or out-of-range value, or one port used twice
     */
    public static StackPorts resolve(Map<PortSetting, Integer> flags, Map<String, String> env) {
        Map<PortSetting, Integer> ports = new EnumMap<>(PortSetting.class);
        Map<PortSetting, String> sources = new EnumMap<>(PortSetting.class);
        for (PortSetting s : PortSetting.values()) {
            Integer flag = flags.get(s);
            String fromEnv = env.get(s.env());
            if (flag != null) {
                ports.put(s, check(flag, s.flag()));
                sources.put(s, s.flag());
            } else if (fromEnv != null && !fromEnv.isBlank()) {
                try {
                    ports.put(s, check(Integer.parseInt(fromEnv.trim()), s.env()));
                } catch (NumberFormatException e) {
                    throw new CliException(ExitCodes.USAGE, s.env() + "='" + fromEnv + "' is not a port number");
                }
                sources.put(s, s.env());
            } else {
                ports.put(s, s.defaultPort());
                sources.put(s, "default");
            }
        }
        Map<Integer, PortSetting> seen = new HashMap<>();
        for (Map.Entry<PortSetting, Integer> e : ports.entrySet()) {
            PortSetting other = seen.putIfAbsent(e.getValue(), e.getKey());
            if (other != null) {
                throw new CliException(ExitCodes.USAGE, "port " + e.getValue() + " is set for both the " + other.label()
                        + " (" + sources.get(other) + ") and the " + e.getKey().label() + " (" + sources.get(e.getKey())
                        + "); give each its own port");
            }
        }
        return new StackPorts(ports, sources);
    }

    private static int check(int port, String source) {
        if (port < 1 || port > 65_535) {
            throw new CliException(ExitCodes.USAGE, source + " " + port + " is not a port: expected 1..65535");
        }
        return port;
    }

    public int get(PortSetting s) {
        return ports.get(s);
    }

    public Optional<String> sourceOf(PortSetting s) {
        return Optional.ofNullable(sources.get(s));
    }

    /** How to change a port: "--kafka-port or SLIPWAY_KAFKA_PORT". */
    public static String howToChange(PortSetting s) {
        return s.flag() + " or " + s.env();
    }
}
