package dev.slipway.cli;

import java.io.PrintStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Where a command writes: results to {@code out}, diagnostics to {@code err}, in the chosen format and colours. */
public final class Output {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;
    private final PrintStream err;
    private final OutputFormat format;
    private final Styles styles;

    public Output(PrintStream out, PrintStream err, OutputFormat format, Styles styles) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.styles = styles;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean json() {
        return format == OutputFormat.json;
    }

    public Styles styles() {
        return styles;
    }

    public void line(String s) {
        out.println(s);
    }

    public void error(String s) {
        err.println(styles.red("error: ") + s);
    }

    public void warn(String s) {
        err.println(styles.yellow("warning: ") + s);
    }

    /** Pretty JSON on {@code out}. */
    public void printJson(Object value) {
        try {
            out.println(PRETTY.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static ObjectMapper mapper() {
        return PRETTY;
    }

    public static JsonNode tree(Object value) {
        return PRETTY.valueToTree(value);
    }
}
