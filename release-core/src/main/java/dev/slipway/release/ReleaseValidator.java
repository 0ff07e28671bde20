package dev.slipway.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The content rules every release obeys, however it was built. Reports every violation it finds. */
final class ReleaseValidator {

    static final Pattern AGENT = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    static final Pattern IMAGE = Pattern.compile("[^\\s@]+@sha256:[0-9a-f]{64}");
    static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+-]{0,199}");
    static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    static final Pattern PROMPT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Pattern TOOL_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*:[a-z][a-z0-9_-]*");
    static final Pattern CORPUS = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
    static final Pattern BUILD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");
    static final Pattern NO_WHITESPACE = Pattern.compile("\\S+");
    static final int MAX_CALLS_PER_TASK = 10_000;

    /** Names a provider may re-point at a different model at any time; a release must never depend on them. */
    static final Set<String> ALIASES = Set.of(
            "latest", "stable", "preview", "current", "default", "newest", "next", "auto", "live", "nightly", "edge");

    private static final long MAX_SAFE_LONG = (1L << 53) - 1;

    private ReleaseValidator() {
    }

    /**
     * Validates the content of a release.
     *
     * @param tools in the order the caller knows them by ({@code tools[i]} names the i-th)
     * @param blobs digest and size of each prompt text with a non-null, well-formed text, by prompt name
     * @param limits size limits, or null for none
     * @param eachToolChecked true when {@link #tool} already ran on every tool (the loader does, in parallel)
     */
    static void validate(String agent, CodePart code, ModelPart model, List<Prompt> prompts, List<Tool> tools,
                         IndexPart index, Map<String, Blob> blobs, ReleaseLimits limits, boolean eachToolChecked,
                         Violations out) {
        agent(agent, out);
        code(code, out);
        model(model, out);
        prompts(prompts, blobs, limits, out);
        tools(tools, eachToolChecked, out);
        index(index, out);
    }

    private static void agent(String agent, Violations out) {
        if (agent == null || agent.isEmpty()) {
            out.add("agent", "required");
        } else if (!AGENT.matcher(agent).matches()) {
            out.add("agent", "'" + agent + "' must be a lowercase DNS label: a-z, 0-9 and '-', at most 63 characters, "
                    + "starting and ending with a letter or digit");
        }
    }

    private static void code(CodePart code, Violations out) {
        if (code == null) {
            out.add("code", "required");
            return;
        }
        if (blank(code.repository())) {
            out.add("code.repository", "required");
        } else if (!NO_WHITESPACE.matcher(code.repository()).matches()) {
            out.add("code.repository", "must not contain whitespace");
        }
        if (blank(code.commit())) {
            out.add("code.commit", "required: the full 40-hex commit SHA");
        } else if (!COMMIT.matcher(code.commit()).matches()) {
            out.add("code.commit", "'" + code.commit() + "' is not a full 40-hex lowercase commit SHA; "
                    + "branches, tags and short SHAs move or collide, so they cannot pin a release");
        }
        if (code.image() != null && !IMAGE.matcher(code.image()).matches()) {
            out.add("code.image", "'" + code.image() + "' must be pinned by digest: <name>@sha256:<64 hex>");
        }
    }

    /** A price in USD per million tokens: finite, not negative, and exact in canonical JSON. */
    private static void price(String field, double value, Violations out) {
        if (!Double.isFinite(value) || value < 0 || value > 1_000_000) {
            out.add(field, "must be a number of USD per million tokens between 0 and 1,000,000, was " + value);
        }
    }

    private static void model(ModelPart model, Violations out) {
        if (model == null) {
            out.add("model", "required");
            return;
        }
        if (blank(model.provider())) {
            out.add("model.provider", "required");
        } else if (!PROVIDER.matcher(model.provider()).matches()) {
            out.add("model.provider", "'" + model.provider() + "' must be lowercase: a-z, 0-9, '.', '_', '-'");
        }
        if (blank(model.name())) {
            out.add("model.name", "required");
        } else if (alias(model.name()) != null) {
            out.add("model.name", "'" + model.name() + "' uses the alias '" + alias(model.name())
                    + "', which the provider may re-point at another model; name the model and pin a dated snapshot");
        } else if (!MODEL_NAME.matcher(model.name()).matches()) {
            out.add("model.name", "'" + model.name() + "' may contain only letters, digits and . _ : / + -"
                    + " (the snapshot goes in model.snapshot)");
        }
        String snapshot = model.snapshot();
        if (blank(snapshot)) {
            out.add("model.snapshot", "required: a dated snapshot YYYY-MM-DD");
        } else if (alias(snapshot) != null) {
            out.add("model.snapshot", "'" + snapshot + "' is an alias, not a snapshot; pin a dated snapshot YYYY-MM-DD");
        } else if (!isDate(snapshot)) {
            out.add("model.snapshot", "'" + snapshot + "' is not a dated snapshot YYYY-MM-DD");
        }
        model.pricing().forEach((provider, price) -> {
            String field = "model.pricing." + provider;
            if (!PROVIDER.matcher(provider).matches()) {
                out.add(field, "'" + provider + "' must be a provider name: lowercase a-z, 0-9, '.', '_', '-'");
            }
            if (price == null) {
                out.add(field, "required: {inputPerMillionTokens, outputPerMillionTokens}");
                return;
            }
            price(field + ".inputPerMillionTokens", price.inputPerMillionTokens(), out);
            price(field + ".outputPerMillionTokens", price.outputPerMillionTokens(), out);
        });
        model.parametersView().forEach((key, value) -> {
            String field = "model.parameters." + key;
            if (blank(key)) {
                out.add("model.parameters", "parameter names must not be blank");
            } else if (value == null || value.isNull() || value.isMissingNode()) {
                out.add(field, "must not be null (leave the parameter out instead)");
            } else {
                String problem = iJsonProblem(value);
                if (problem != null) {
                    out.add(field, problem);
                }
            }
        });
    }

    private static void prompts(List<Prompt> prompts, Map<String, Blob> blobs, ReleaseLimits limits, Violations out) {
        if (prompts == null) {
            out.add("prompts", "required (may be empty)");
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            Prompt prompt = prompts.get(i);
            if (prompt == null || prompt.name() == null) {
                out.add("prompts[" + i + "]", "a prompt needs a name");
                continue;
            }
            String field = "prompts." + prompt.name();
            if (seen.putIfAbsent(prompt.name(), i) != null) {
                out.add(field, "duplicate prompt name");
                continue;
            }
            if (!PROMPT_NAME.matcher(prompt.name()).matches()) {
                out.add(field, "prompt names must be lowercase: a-z, 0-9, '_', '-', at most 64 characters");
            }
            Blob blob = blobs.get(prompt.name());
            if (prompt.text() == null) {
                out.add(field, "text required");
            } else if (blob == null) {
                out.add(field, "text is not well-formed Unicode (unpaired surrogate)");
            } else if (limits != null && blob.size() > limits.maxPromptBytes()) {
                out.add(field, blob.size() + " bytes is over the prompt size limit of " + limits.maxPromptBytes() + " bytes");
            }
        }
    }

    private static void tools(List<Tool> tools, boolean eachToolChecked, Violations out) {
        if (tools == null) {
            out.add("tools", "required (may be empty: tools are denied by default)");
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < tools.size(); i++) {
            String at = "tools[" + i + "]";
            Tool tool = tools.get(i);
            if (tool == null) {
                out.add(at, "required");
                continue;
            }
            if (!eachToolChecked) {
                tool(tool, at, out);
            }
            if (tool.name() != null && TOOL_NAME.matcher(tool.name()).matches()) {
                Integer first = seen.putIfAbsent(tool.name(), i);
                if (first != null) {
                    out.add(at + ".name", "duplicate tool name '" + tool.name() + "' (also tools[" + first + "])");
                }
            }
        }
    }

    /** The rules for one tool on its own (everything but duplicate names); {@code at} is e.g. {@code tools[1]}. */
    static void tool(Tool tool, String at, Violations out) {
        if (blank(tool.name())) {
            out.add(at + ".name", "required");
        } else if (!TOOL_NAME.matcher(tool.name()).matches()) {
            out.add(at + ".name", "'" + tool.name() + "' must be lowercase: a-z, 0-9, '_', '-', starting with a letter, "
                    + "at most 64 characters");
        }
        if (blank(tool.description())) {
            out.add(at + ".description", "required: the model chooses tools by their descriptions");
        } else if (!Text.isWellFormed(tool.description())) {
            out.add(at + ".description", "not well-formed Unicode (unpaired surrogate)");
        }
        JsonNode schema = tool.inputSchemaView();
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            out.add(at + ".inputSchema", "required: a JSON Schema object");
        } else if (!schema.isObject()) {
            out.add(at + ".inputSchema", "must be a JSON Schema object");
        } else if (!"object".equals(schema.path("type").asText(null))) {
            out.add(at + ".inputSchema", "must describe an object: \"type\": \"object\"");
        } else {
            String problem = iJsonProblem(schema);
            if (problem != null) {
                out.add(at + ".inputSchema", problem);
            } else {
                ToolSchemas.problems(schema).forEach(p -> out.add(at + ".inputSchema", p));
            }
        }
        scopes(tool.scopes(), at + ".scopes", out);
        if (tool.maxCallsPerTask() < 1 || tool.maxCallsPerTask() > MAX_CALLS_PER_TASK) {
            out.add(at + ".maxCallsPerTask", "must be between 1 and " + MAX_CALLS_PER_TASK + ", was " + tool.maxCallsPerTask());
        }
    }

    private static void scopes(List<String> scopes, String field, Violations out) {
        if (scopes == null || scopes.isEmpty()) {
            out.add(field, "a tool must declare at least one permission scope (tools are denied by default)");
            return;
        }
        for (String scope : scopes) {
            if (scope == null || scope.isBlank()) {
                out.add(field, "scopes must not be blank");
            } else if (scope.contains("*")) {
                out.add(field, "'" + scope + "': wildcard scopes are refused; list each scope the tool needs");
            } else if (!SCOPE.matcher(scope).matches()) {
                out.add(field, "'" + scope + "' must look like <resource>:<action>, e.g. kb:read or tickets:write");
            }
        }
    }

    private static void index(IndexPart index, Violations out) {
        if (index == null) {
            out.add("index", "required");
            return;
        }
        if (blank(index.corpus())) {
            out.add("index.corpus", "required");
        } else if (!CORPUS.matcher(index.corpus()).matches()) {
            out.add("index.corpus", "'" + index.corpus() + "' must be lowercase: a-z, 0-9, '.', '_', '-'");
        }
        if (blank(index.buildId())) {
            out.add("index.buildId", "required");
        } else if (!BUILD_ID.matcher(index.buildId()).matches()) {
            out.add("index.buildId", "'" + index.buildId() + "' may contain only letters, digits and . _ : + -");
        }
        if (blank(index.buildDigest())) {
            out.add("index.buildDigest", "required: sha256:<64 hex> of the built index");
        } else if (!Digests.isSha256(index.buildDigest())) {
            out.add("index.buildDigest", "'" + index.buildDigest() + "' is not sha256:<64 lowercase hex>");
        }
        String embedding = index.embeddingModel();
        if (blank(embedding)) {
            out.add("index.embeddingModel", "required: <model>@<YYYY-MM-DD>");
        } else {
            int at = embedding.lastIndexOf('@');
            String name = at < 0 ? embedding : embedding.substring(0, at);
            String snapshot = at < 0 ? "" : embedding.substring(at + 1);
            if (alias(embedding) != null) {
                out.add("index.embeddingModel", "'" + embedding + "' uses the alias '" + alias(embedding)
                        + "'; pin <model>@<YYYY-MM-DD>");
            } else if (at <= 0 || !MODEL_NAME.matcher(name).matches() || !isDate(snapshot)) {
                out.add("index.embeddingModel", "'" + embedding + "' must be pinned as <model>@<YYYY-MM-DD>");
            }
        }
    }

    /** The alias word used in a model name or snapshot, or null. Words are split on - _ . : / @ and spaces. */
    static String alias(String value) {
        for (String word : value.toLowerCase(Locale.ROOT).split("[-_.:/@\\s]+")) {
            if (ALIASES.contains(word)) {
                return word;
            }
        }
        return null;
    }

    static boolean isDate(String value) {
        if (!DATE.matcher(value).matches()) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Why a JSON value cannot be canonicalised without loss under RFC 8785 (I-JSON): integers beyond ±(2^53-1),
     * non-finite or over-precise numbers, unpaired surrogates. Null when the value is fine.
     */
    static String iJsonProblem(JsonNode node) {
        switch (node.getNodeType()) {
            case NUMBER:
                return numberProblem(node);
            case STRING:
                return Text.isWellFormed(node.textValue()) ? null : "string is not well-formed Unicode (unpaired surrogate)";
            case OBJECT: {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (!Text.isWellFormed(field.getKey())) {
                        return "key is not well-formed Unicode (unpaired surrogate)";
                    }
                    String problem = iJsonProblem(field.getValue());
                    if (problem != null) {
                        return "at '" + field.getKey() + "': " + problem;
                    }
                }
                return null;
            }
            case ARRAY: {
                for (int i = 0, n = node.size(); i < n; i++) {
                    String problem = iJsonProblem(node.get(i));
                    if (problem != null) {
                        return "at [" + i + "]: " + problem;
                    }
                }
                return null;
            }
            case BINARY:
            case POJO:
                return "only JSON values are allowed";
            default:
                return null;
        }
    }

    private static String numberProblem(JsonNode node) {
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong() && Math.abs(node.longValue()) <= MAX_SAFE_LONG) {
                return null;
            }
            return "integer " + node.bigIntegerValue() + " is outside ±(2^53-1) and would lose precision in canonical JSON";
        }
        if (node.isBigDecimal()) {
            BigDecimal value = node.decimalValue();
            double asDouble = value.doubleValue();
            if (!Double.isFinite(asDouble) || new BigDecimal(Double.toString(asDouble)).compareTo(value) != 0) {
                return "number " + value + " cannot be represented exactly as an IEEE 754 double";
            }
            return null;
        }
        return Double.isFinite(node.doubleValue()) ? null : "number must be finite (no NaN or infinity)";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
