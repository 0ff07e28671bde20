package dev.slipway.release;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;

/** Strict Jackson mappers shared by the package: duplicate keys, unknown properties and trailing documents are refused. */
final class Json {

    /** Upper bound for one YAML document; files are also capped by {@link ReleaseLimits#maxFileBytes()}. */
    private static final int YAML_CODE_POINT_LIMIT = 64 * 1024 * 1024;

    static final ObjectMapper JSON = strict(JsonMapper.builder()).build();


    private Json() {
    }

    private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B strict(B builder) {
        return builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    private static final LoaderOptions LOADER_OPTIONS = loaderOptions();

    static final ObjectMapper YAML = yaml();

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(YAML_CODE_POINT_LIMIT);
        options.setAllowDuplicateKeys(false);
        return options;
    }

    private static ObjectMapper yaml() {
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(LOADER_OPTIONS).build();
        return strict(YAMLMapper.builder(factory)).build();
    }

    /** The mapper for a file name: {@code .yaml}/{@code .yml} → YAML, {@code .json} → JSON, anything else → null. */
    static ObjectMapper forFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return YAML;
        }
        if (lower.endsWith(".json")) {
            return JSON;
        }
        return null;
    }

    /**
     * Parses one JSON or YAML document into a tree; a leading UTF-8 byte order mark is ignored. YAML anchors, aliases
     * and tags are refused with their line: Jackson reads an alias as its anchor's name and drops tags, so what would
     * be signed is not what a YAML reader sees.
     */
    static JsonNode readTree(ObjectMapper mapper, String text) throws JsonProcessingException {
        String body = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        if (mapper != YAML) {
            JsonNode node = mapper.readTree(body);
            return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
        }
        try (JsonParser parser = new PlainYaml((YAMLParser) mapper.createParser(body))) {
            JsonNode node = mapper.readTree(parser);
            if (node != null && parser.nextToken() != null) {
                throw new JsonParseException(parser, "only one document per file");
            }
            YamlPlainScalars.requireUnambiguous(body, LOADER_OPTIONS);
            return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new JsonParseException(null, String.valueOf(e.getMessage()));
        }
    }

    /** A YAML parser that stops at the first anchor, alias or explicit tag, naming it and its line. */
    private static final class PlainYaml extends JsonParserDelegate {

        private final YAMLParser yaml;

        PlainYaml(YAMLParser yaml) {
            super(yaml);
            this.yaml = yaml;
        }

        @Override
        public JsonToken nextToken() throws java.io.IOException {
            JsonToken token = super.nextToken();
            if (token == null) {
                return null;
            }
            if (yaml.isCurrentAlias()) {
                throw new JsonParseException(this, "YAML aliases are not allowed (*" + yaml.getText()
                        + "): write the value out");
            }
            String anchor = yaml.getObjectId();
            if (anchor != null) {
                throw new JsonParseException(this, "YAML anchors are not allowed (&" + anchor + "): write each value out");
            }
            String tag = yaml.getTypeId();
            if (tag != null) {
                throw new JsonParseException(this, "YAML tags are not allowed (!" + tag + ")");
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT && NON_FINITE.matcher(yaml.getText()).matches()) {
                // Jackson would fail later with "Malformed numeric value" and no field: name the field here.
                throw new ValueException(this, yaml.getText() + " is not a finite number (no NaN or infinity)");
            }
            return token;
        }
    }

    private static final java.util.regex.Pattern NON_FINITE =
            java.util.regex.Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    /** A value that cannot be read, at a known field of the document. */
    static final class ValueException extends JsonParseException {
        private final String field;

        ValueException(JsonParser parser, String message) {
            super(parser, message);
            this.field = fieldPath(parser.getParsingContext());
        }

        /** The field as violations name it, relative to the document: {@code model.parameters.temperature}. */
        String field() {
            return field;
        }

        private static String fieldPath(com.fasterxml.jackson.core.JsonStreamContext context) {
            java.util.Deque<String> parts = new java.util.ArrayDeque<>();
            for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
                } else if (c.getCurrentName() != null) {
                    parts.push("." + c.getCurrentName());
                }
            }
            String path = String.join("", parts);
            return path.startsWith(".") ? path.substring(1) : path;
        }
    }

    /** A short, single-line description of a parse failure, with line and column where known. */
    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }

    /** Converts a Jackson binding error path into a violation field such as {@code tools[1].maxCallsPerTask}. */
    static String fieldOf(JsonMappingException e, String root) {
        StringBuilder field = new StringBuilder(root);
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.length() == 0 ? "release" : field.toString();
    }
}
