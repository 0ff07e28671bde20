package dev.slipway.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.Set;

/** Reading manifest-style JSON/YAML trees field by field, reporting every problem with its field path. */
final class Tree {

    private Tree() {
    }

    static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /**
     * Parses one structured file (format by extension). Returns null, after reporting on {@code field}, when the file
     * is too large, not UTF-8, of an unknown type or not parseable.
     */
    static JsonNode parse(String fileName, byte[] bytes, String field, long maxBytes, Violations out) {
        ObjectMapper mapper = Json.forFile(fileName);
        if (mapper == null) {
            out.add(field, "'" + fileName + "' has an unsupported file type; use .yaml, .yml or .json");
            return null;
        }
        if (bytes.length > maxBytes) {
            out.add(field, "'" + fileName + "' is " + bytes.length + " bytes, over the limit of " + maxBytes + " bytes");
            return null;
        }
        String text;
        try {
            text = Text.decodeUtf8(bytes);
        } catch (CharacterCodingException e) {
            out.add(field, "'" + fileName + "' is not valid UTF-8");
            return null;
        }
        try {
            return Json.readTree(mapper, text);
        } catch (Json.ValueException e) {
            String at = e.field().isEmpty() ? field : "manifest".equals(field) ? e.field() : field + "." + e.field();
            out.add(at, "'" + fileName + "' cannot be parsed: " + Json.describe(e));
            return null;
        } catch (JsonProcessingException e) {
            out.add(field, "'" + fileName + "' cannot be parsed: " + Json.describe(e));
            return null;
        }
    }

    /** {@link #parse} a file whose top level must be an object: the object, or null after reporting. */
    static ObjectNode parseObject(String fileName, byte[] bytes, String field, long maxBytes, Violations out) {
        JsonNode tree = parse(fileName, bytes, field, maxBytes, out);
        return tree == null ? null : object(tree, field, out);
    }

    /** The node as an object, or null after reporting. */
    static ObjectNode object(JsonNode node, String field, Violations out) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            out.add(field, "required");
            return null;
        }
        if (!node.isObject()) {
            out.add(field, "must be an object, was " + describe(node));
            return null;
        }
        return (ObjectNode) node;
    }

    /** Reports every key of the object that is not in {@code known}. */
    static void onlyKnown(ObjectNode object, String field, Set<String> known, String where, Violations out) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                out.add(join(field, name), "unknown field" + where + "; allowed: " + String.join(", ", sorted(known)));
            }
        }
    }

    static String string(ObjectNode object, String key, String parent, boolean required, Violations out) {
        JsonNode node = object.get(key);
        String field = join(parent, key);
        if (node == null || node.isNull()) {
            if (required) {
                out.add(field, "required");
            }
            return null;
        }
        if (!node.isTextual()) {
            out.add(field, "must be a string, was " + describe(node) + (node.isNumber() ? " (quote it)" : ""));
            return null;
        }
        return node.textValue();
    }

    static Double number(ObjectNode object, String key, String parent, boolean required, Violations out) {
        JsonNode node = object.get(key);
        String field = join(parent, key);
        if (node == null || node.isNull()) {
            if (required) {
                out.add(field, "required");
            }
            return null;
        }
        if (!node.isNumber()) {
            out.add(field, "must be a number, was " + describe(node));
            return null;
        }
        return node.doubleValue();
    }

    static Integer integer(ObjectNode object, String key, String parent, Violations out) {
        JsonNode node = object.get(key);
        String field = join(parent, key);
        if (node == null || node.isNull()) {
            out.add(field, "required");
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            out.add(field, "must be an integer, was " + describe(node));
            return null;
        }
        return node.intValue();
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case NULL, MISSING -> "empty";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static java.util.List<String> sorted(Set<String> known) {
        return known.stream().sorted().toList();
    }
}
