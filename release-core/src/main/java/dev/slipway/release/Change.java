package dev.slipway.release;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One part's changes between two releases, as carried by a {@link ReleaseDiff} and by canary alerts. Serialised by
 * Jackson with a {@code "part"} discriminator: {@code code}, {@code model}, {@code prompts}, {@code tools},
 * {@code index}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "part")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Change.CodeChange.class, name = "code"),
        @JsonSubTypes.Type(value = Change.ModelChange.class, name = "model"),
        @JsonSubTypes.Type(value = Change.PromptsChange.class, name = "prompts"),
        @JsonSubTypes.Type(value = Change.ToolsChange.class, name = "tools"),
        @JsonSubTypes.Type(value = Change.IndexChange.class, name = "index")})
public sealed interface Change {

    @JsonIgnore
    Part part();

    enum Kind { ADDED, REMOVED, CHANGED }

    /** One scalar field's old and new value; null stands for absent. */
    record FieldChange(String field, String from, String to) {
    }

    /** Repository, commit or image pins that changed. */
    record CodeChange(List<FieldChange> fields) implements Change {
        public CodeChange {
            fields = List.copyOf(fields);
        }

        @Override
        public Part part() {
            return Part.CODE;
        }
    }

    /** Provider, name or snapshot changes, and generation parameters added, removed or changed. */
    record ModelChange(List<FieldChange> fields, List<ParameterChange> parameters) implements Change {
        public ModelChange {
            fields = List.copyOf(fields);
            parameters = List.copyOf(parameters);
        }

        @Override
        public Part part() {
            return Part.MODEL;
        }
    }

    /**
     * A generation parameter's change; values are canonical JSON, null when absent.
     */
    record ParameterChange(String name, Kind kind, String from, String to) {
    }

    /** Prompts added, removed or changed. */
    record PromptsChange(List<PromptChange> prompts) implements Change {
        public PromptsChange {
            prompts = List.copyOf(prompts);
        }

        @Override
        public Part part() {
            return Part.PROMPTS;
        }
    }

    /**
     * One prompt's change. Digests are null on the side where the prompt is absent; {@code unifiedDiff} holds the
     * unified line diff (3 lines of context) of a changed prompt, empty otherwise.
     */
    record PromptChange(String name, Kind kind, String fromDigest, String toDigest, List<String> unifiedDiff) {
        public PromptChange {
            unifiedDiff = List.copyOf(unifiedDiff);
        }
    }

    /** Tools added, removed or changed. */
    record ToolsChange(List<ToolChange> tools) implements Change {
        public ToolsChange {
            tools = List.copyOf(tools);
        }

        @Override
        public Part part() {
            return Part.TOOLS;
        }
    }

    /**
     * One tool's change. For an added tool, {@code scopesAdded} lists all its scopes; for a removed one,
     * {@code scopesRemoved} does. Call limits are null on the side where the tool is absent. {@code description} is
     * set when the description changed; {@code inputSchemaDiff} holds a unified diff of the pretty-printed canonical
     * schemas when the input schema changed, empty otherwise.
     */
    record ToolChange(String name, Kind kind, List<String> scopesAdded, List<String> scopesRemoved,
                      Integer fromMaxCallsPerTask, Integer toMaxCallsPerTask, FieldChange description,
                      List<String> inputSchemaDiff) {
        public ToolChange {
            scopesAdded = List.copyOf(scopesAdded);
            scopesRemoved = List.copyOf(scopesRemoved);
            inputSchemaDiff = List.copyOf(inputSchemaDiff);
        }
    }

    /** Corpus, build or embedding model pins that changed. */
    record IndexChange(List<FieldChange> fields) implements Change {
        public IndexChange {
            fields = List.copyOf(fields);
        }

        @Override
        public Part part() {
            return Part.INDEX;
        }
    }
}
