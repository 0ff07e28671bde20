package dev.slipway.release;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Writes the same content in randomly different presentations: key order, whitespace, YAML block or flow, JSON. */
final class Presentation {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Presentation() {
    }

    static byte[] random(Random random, String path, Object value) {
        Object shuffled = shuffle(random, value);
        try {
            boolean json = path.endsWith(".json");
            if (json || random.nextInt(3) == 0) {
                // JSON is also valid YAML: a .yaml file in flow style exercises the YAML parser on it.
                StringBuilder out = new StringBuilder();
                if (random.nextBoolean()) {
                    out.append(random.nextBoolean() ? "\n" : "  ");
                }
                writeJson(random, shuffled, out, json);
                out.append(random.nextBoolean() ? "\n" : "");
                return out.toString().getBytes(StandardCharsets.UTF_8);
            }
            String yaml = Json.YAML.writeValueAsString(shuffled);
            if (random.nextBoolean()) {
                yaml = yaml.replaceFirst("^---\n", "");
            }
            if (random.nextBoolean()) {
                yaml = "# generated with seed-dependent layout\n" + yaml + "\n\n";
            }
            return yaml.getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object shuffle(Random random, Object value) {
        if (value instanceof Map<?, ?> map) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>(((Map<String, Object>) map).entrySet());
            Collections.shuffle(entries, random);
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            entries.forEach(e -> out.put(e.getKey(), shuffle(random, e.getValue())));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(shuffle(random, v)));
            return out;
        }
        return value;
    }

    /** Insignificant whitespace; YAML flow style allows no tabs and wants continuation lines indented. */
    private static String ws(Random random, boolean json) {
        if (!json) {
            return switch (random.nextInt(3)) {
                case 0 -> "";
                case 1 -> " ";
                default -> "\n    ";
            };
        }
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> "\n";
            case 3 -> "\t";
            case 4 -> "\n    ";
            default -> "  ";
        };
    }

    private static void writeJson(Random random, Object value, StringBuilder out, boolean json) throws Exception {
        if (value instanceof Map<?, ?> map) {
            out.append('{').append(ws(random, json));
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (i++ > 0) {
                    out.append(ws(random, json)).append(',').append(ws(random, json));
                }
                // YAML flow style wants an implicit key on one line with its ':' and a space after the ':'.
                out.append(JSON.writeValueAsString(e.getKey())).append(json ? ws(random, true) : random.nextBoolean() ? "" : " ")
                        .append(':').append(json ? ws(random, true) : random.nextBoolean() ? " " : "\n      ");
                writeJson(random, e.getValue(), out, json);
            }
            out.append(ws(random, json)).append('}');
        } else if (value instanceof List<?> list) {
            out.append('[').append(ws(random, json));
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(ws(random, json)).append(',').append(ws(random, json));
                }
                writeJson(random, list.get(i), out, json);
            }
            out.append(ws(random, json)).append(']');
        } else {
            out.append(JSON.writeValueAsString(value));
        }
    }
}
