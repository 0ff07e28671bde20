package dev.slipway.release;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.ContentReference;
import java.io.StringReader;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Refuses unquoted YAML values that YAML 1.1 and YAML 1.2 readers read differently — {@code yes}, {@code on}
 * (booleans in 1.1, text in 1.2), {@code 017}, {@code 1_000}, {@code 1:20}, {@code 0b101} (numbers in 1.1 only),
 * {@code 2025-05-14} (a timestamp in 1.1), {@code <<} and {@code =}. Reviewers, editors and other tools use either
 * version, so such a value cannot be signed as "what the author wrote": the author quotes it, or writes
 * {@code true} / {@code 17}.
 */
final class YamlPlainScalars {

    private static final Resolver YAML_1_1 = new Resolver();
    // YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
    private static final Pattern BOOL_1_2 = Pattern.compile("true|True|TRUE|false|False|FALSE");
    private static final Pattern INT_1_2 = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern FLOAT_1_2 = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    private YamlPlainScalars() {
    }

    static void requireUnambiguous(String yaml, LoaderOptions options) throws JsonParseException {
        for (Event event : new Yaml(options).parse(new StringReader(yaml))) {
            if (event instanceof ScalarEvent scalar && scalar.isPlain() && scalar.getImplicit().canOmitTagInPlainScalar()) {
                String value = scalar.getValue();
                Tag tag = YAML_1_1.resolve(NodeId.scalar, value, true);
                if (!sameIn12(tag, value)) {
                    int line = scalar.getStartMark().getLine() + 1;
                    int column = scalar.getStartMark().getColumn() + 1;
                    throw new JsonParseException(null, "the unquoted value '" + value + "' is read as "
                            + describe(tag) + " by YAML 1.1 readers and differently by YAML 1.2 readers: quote it",
                            new JsonLocation(ContentReference.unknown(), -1L, line, column));
                }
            }
        }
    }

    private static boolean sameIn12(Tag tag, String value) {
        if (Tag.STR.equals(tag) || Tag.NULL.equals(tag)) {
            return true;
        }
        if (Tag.BOOL.equals(tag)) {
            return BOOL_1_2.matcher(value).matches();
        }
        if (Tag.INT.equals(tag)) {
            return INT_1_2.matcher(value).matches() && !(value.replaceFirst("^[-+]", "").matches("0[0-9]+"));
        }
        if (Tag.FLOAT.equals(tag)) {
            return FLOAT_1_2.matcher(value).matches();
        }
        return false;
    }

    private static String describe(Tag tag) {
        if (Tag.BOOL.equals(tag)) {
            return "a boolean";
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "a number";
        }
        if (Tag.TIMESTAMP.equals(tag)) {
            return "a date";
        }
        return "a special key (" + tag.getValue().replace("tag:yaml.org,2002:", "") + ")";
    }
}
