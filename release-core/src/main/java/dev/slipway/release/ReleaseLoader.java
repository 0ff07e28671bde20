package dev.slipway.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Loads a release from its manifest and the files the manifest references: prompt texts, tool manifests, the eval
 * suite and, optionally, eval results. Every problem found is reported at once in one
 * {@link ReleaseValidationException}. The manifest format is documented in {@code docs/release-manifest.md}.
 *
 * <p>Prompt texts are hashed straight from the bytes read (no decode/encode round trip); prompt and tool files are
 * processed in parallel on the common fork-join pool, so a {@link ReleaseSource} must allow concurrent reads.
 */
public final class ReleaseLoader {

    static final Set<String> MANIFEST_FIELDS =
            Set.of("apiVersion", "agent", "code", "model", "prompts", "tools", "index", "evals");
    static final Set<String> CODE_FIELDS = Set.of("repository", "commit", "image");
    static final Set<String> MODEL_FIELDS = Set.of("provider", "name", "snapshot", "parameters", "pricing");
    static final Set<String> PRICE_FIELDS = Set.of("inputPerMillionTokens", "outputPerMillionTokens");
    static final Set<String> INDEX_FIELDS = Set.of("corpus", "buildId", "buildDigest", "embeddingModel");
    static final Set<String> EVALS_FIELDS = Set.of("suite", "threshold", "results");
    static final Set<String> TOOL_FIELDS = Set.of("name", "description", "inputSchema", "scopes", "maxCallsPerTask");

    /** Below this many prompt and tool files, reading them in parallel costs more than it saves. */
    private static final int PARALLEL_FILES = 8;

    private ReleaseLoader() {
    }

    public static LoadedRelease load(ReleaseSource source) {
        return load(source, ReleaseLimits.DEFAULT);
    }

    /**
     * Loads and validates a release.
     *
     * @throws ReleaseValidationException listing every violation in the manifest, the referenced files and the
     *         content; a file that exists but cannot be read is a violation too
     */
    public static LoadedRelease load(ReleaseSource source, ReleaseLimits limits) {
        Violations out = new Violations();
        String manifestName = source.manifestName();
        ReadLog read = new ReadLog(source);
        source = read;
        byte[] manifest = read(source, manifestName, "manifest", limits.maxFileBytes(), "file", out);
        if (manifest == null) {
            if (!out.has("manifest")) {
                out.add("manifest", manifestName + " not found");
            }
            out.throwIfAny();
        }
        ObjectNode root = Tree.parseObject(manifestName, manifest, "manifest", limits.maxFileBytes(), out);
        if (root == null) {
            out.throwIfAny();
        }
        Tree.onlyKnown(root, "", MANIFEST_FIELDS, " (in " + manifestName + ")", out);

        String apiVersion = Tree.string(root, "apiVersion", "", true, out);
        if (apiVersion != null && !Release.API_VERSION.equals(apiVersion)) {
            out.add("apiVersion", "unsupported apiVersion '" + apiVersion + "'; this Slipway reads " + Release.API_VERSION);
        }
        String agent = Tree.string(root, "agent", "", true, out);
        CodePart code = code(root, out);
        ModelPart model = model(root, out);
        FilesRead files = files(source, root, limits, out);
        IndexPart index = index(root, out);
        Evals evals = evals(source, root, limits, out);
        if (read.totalBytes() > limits.maxReleaseBytes()) {
            out.add("release", "the manifest and the files it references total " + read.totalBytes()
                    + " bytes, over the release size limit of " + ReleaseLimits.inWords(limits.maxReleaseBytes()));
        }

        Violations content = new Violations();
        ReleaseValidator.validate(agent, code, model, files.prompts(), files.tools(), index, files.blobs(), limits, true,
                content);
        out.addUnreported(content);
        out.throwIfAny();

        Release release = Release.trusted(agent, code, model, files.prompts(), files.tools(), index, files.blobs(),
                files.canonicalTools());
        return new LoadedRelease(release, evals.suite(), evals.threshold(), Optional.ofNullable(evals.results()));
    }

    private static CodePart code(ObjectNode root, Violations out) {
        ObjectNode node = Tree.object(root.get("code"), "code", out);
        if (node == null) {
            return null;
        }
        Tree.onlyKnown(node, "code", CODE_FIELDS, "", out);
        return new CodePart(Tree.string(node, "repository", "code", true, out), Tree.string(node, "commit", "code", true, out),
                Tree.string(node, "image", "code", false, out));
    }

    private static ModelPart model(ObjectNode root, Violations out) {
        ObjectNode node = Tree.object(root.get("model"), "model", out);
        if (node == null) {
            return null;
        }
        Tree.onlyKnown(node, "model", MODEL_FIELDS, "", out);
        TreeMap<String, JsonNode> parameters = new TreeMap<>();
        JsonNode params = node.get("parameters");
        if (params != null && !params.isNull()) {
            if (!params.isObject()) {
                out.add("model.parameters", "must be a map of parameter name to value, was " + Tree.describe(params));
            } else {
                Iterator<Map.Entry<String, JsonNode>> fields = params.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    parameters.put(field.getKey(), field.getValue());
                }
            }
        }
        return new ModelPart(Tree.string(node, "provider", "model", true, out), Tree.string(node, "name", "model", true, out),
                Tree.string(node, "snapshot", "model", true, out), parameters, pricing(node.get("pricing"), out));
    }

    private static TreeMap<String, ModelPrice> pricing(JsonNode node, Violations out) {
        TreeMap<String, ModelPrice> pricing = new TreeMap<>();
        if (node == null || node.isNull()) {
            return pricing;
        }
        if (!node.isObject()) {
            out.add("model.pricing", "must be a map of provider to {inputPerMillionTokens, outputPerMillionTokens}, was "
                    + Tree.describe(node));
            return pricing;
        }
        node.fields().forEachRemaining(entry -> {
            String at = "model.pricing." + entry.getKey();
            ObjectNode price = Tree.object(entry.getValue(), at, out);
            if (price == null) {
                return;
            }
            Tree.onlyKnown(price, at, PRICE_FIELDS, "", out);
            Double input = Tree.number(price, "inputPerMillionTokens", at, true, out);
            Double output = Tree.number(price, "outputPerMillionTokens", at, true, out);
            if (input != null && output != null) {
                pricing.put(entry.getKey(), new ModelPrice(input, output));
            }
        });
        return pricing;
    }

    private static IndexPart index(ObjectNode root, Violations out) {
        ObjectNode node = Tree.object(root.get("index"), "index", out);
        if (node == null) {
            return null;
        }
        Tree.onlyKnown(node, "index", INDEX_FIELDS, "", out);
        return new IndexPart(Tree.string(node, "corpus", "index", true, out), Tree.string(node, "buildId", "index", true, out),
                Tree.string(node, "buildDigest", "index", true, out), Tree.string(node, "embeddingModel", "index", true, out));
    }

    private record FilesRead(List<Prompt> prompts, Map<String, Blob> blobs, List<Tool> tools,
                             Map<String, String> canonicalTools) {
    }

    /** The outcome of reading one referenced prompt or tool file. */
    private sealed interface FileRead permits PromptRead, ToolRead {
    }

    private record PromptRead(String name, Prompt prompt, Blob blob, Violation violation) implements FileRead {
    }

    private record ToolRead(int index, Tool tool, String canonical, Violations violations) implements FileRead {
    }

    /**
     * Reads every prompt and tool file the manifest references. Each file is independent work (read, hash or parse,
     * check, canonicalise), so the files are processed in parallel, tools spread among prompts to balance the load.
     */
    private static FilesRead files(ReleaseSource source, ObjectNode root, ReleaseLimits limits, Violations out) {
        Map<String, JsonNode> promptEntries = promptEntries(root, out);
        List<JsonNode> toolEntries = toolEntries(root, out);
        int prompts = promptEntries == null ? 0 : promptEntries.size();
        int tools = toolEntries == null ? 0 : toolEntries.size();
        List<Supplier<FileRead>> tasks = new ArrayList<>(prompts + tools);
        if (promptEntries != null) {
            promptEntries.forEach((name, path) -> tasks.add(() -> prompt(source, name, path, limits)));
        }
        for (int i = 0; i < tools; i++) {
            int index = i;
            JsonNode path = toolEntries.get(i);
            // Tool files cost more per byte (parse, canonicalise): interleave them so both halves of the split get some.
            tasks.add((int) ((long) i * (prompts + 1) / Math.max(1, tools)) + i, () -> tool(source, path, index, limits));
        }
        List<FileRead> read = (tasks.size() >= PARALLEL_FILES ? tasks.parallelStream() : tasks.stream())
                .map(Supplier::get)
                .toList();

        List<Prompt> promptList = promptEntries == null ? null : new ArrayList<>(prompts);
        Map<String, Blob> blobs = new LinkedHashMap<>();
        Tool[] toolArray = new Tool[tools];
        Map<String, String> canonicalTools = new HashMap<>();
        List<ToolRead> toolReads = new ArrayList<>(tools);
        for (FileRead r : read) {
            if (r instanceof PromptRead p) {
                if (p.violation() != null) {
                    out.add(p.violation().field(), p.violation().message());
                } else {
                    promptList.add(p.prompt());
                    blobs.put(p.name(), p.blob());
                }
            } else if (r instanceof ToolRead t) {
                toolReads.add(t);
            }
        }
        toolReads.sort(Comparator.comparingInt(ToolRead::index));
        for (ToolRead t : toolReads) {
            out.addAll(t.violations());
            toolArray[t.index()] = t.tool();
            if (t.canonical() != null) {
                canonicalTools.put(t.tool().name(), t.canonical());
            }
        }
        return new FilesRead(promptList, blobs, toolEntries == null ? null : Arrays.asList(toolArray), canonicalTools);
    }

    private static Map<String, JsonNode> promptEntries(ObjectNode root, Violations out) {
        JsonNode node = root.get("prompts");
        if (node == null || node.isNull()) {
            out.add("prompts", "required: a map of prompt name to file (may be empty)");
            return null;
        }
        if (!node.isObject()) {
            out.add("prompts", "must be a map of prompt name to file, was " + Tree.describe(node));
            return null;
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue()));
        return entries;
    }

    private static List<JsonNode> toolEntries(ObjectNode root, Violations out) {
        JsonNode node = root.get("tools");
        if (node == null || node.isNull()) {
            out.add("tools", "required: a list of tool files (may be empty: tools are denied by default)");
            return null;
        }
        if (!node.isArray()) {
            out.add("tools", "must be a list of tool files, was " + Tree.describe(node));
            return null;
        }
        List<JsonNode> entries = new ArrayList<>();
        node.forEach(entries::add);
        return entries;
    }

    private static PromptRead prompt(ReleaseSource source, String name, JsonNode pathNode, ReleaseLimits limits) {
        String field = "prompts." + name;
        if (!pathNode.isTextual()) {
            return failed(name, field, "must be the path of the prompt file, was " + Tree.describe(pathNode));
        }
        String path = pathNode.textValue();
        Violations single = new Violations();
        byte[] bytes = read(source, path, field, limits.maxPromptBytes(), "prompt", single);
        if (!single.isEmpty()) {
            return new PromptRead(name, null, null, single.list().get(0));
        }
        if (bytes == null) {
            return failed(name, field, "file '" + path + "' not found");
        }
        String text;
        try {
            text = Text.decodeUtf8(bytes);
        } catch (CharacterCodingException e) {
            return failed(name, field, "'" + path + "' is not valid UTF-8");
        }
        if (text.isEmpty()) {
            return failed(name, field, "'" + path + "' is empty: a prompt must have text");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            return failed(name, field, "'" + path + "' contains a NUL character (U+0000) on line "
                    + (text.substring(0, nul).chars().filter(c -> c == '\n').count() + 1)
                    + ": prompts are text, and many tools cut text at NUL");
        }
        // The blob digest is taken from the bytes as read: a valid UTF-8 decode re-encodes to exactly these bytes.
        return new PromptRead(name, new Prompt(name, text), Blob.of(bytes), null);
    }

    private static PromptRead failed(String name, String field, String message) {
        return new PromptRead(name, null, null, new Violation(field, message));
    }

    private static ToolRead tool(ReleaseSource source, JsonNode pathNode, int index, ReleaseLimits limits) {
        Violations violations = new Violations();
        String at = "tools[" + index + "]";
        Tool tool = tool(source, pathNode, at, limits, violations);
        if (tool != null) {
            Violations rules = new Violations();
            ReleaseValidator.tool(tool, at, rules);
            violations.addUnreported(rules);
        }
        String canonical = null;
        if (tool != null && violations.isEmpty()) {
            try {
                canonical = Release.canonicalTool(tool);
            } catch (IllegalArgumentException invalid) {
                // Not canonicalisable: validation reports why, and the release is refused.
            }
        }
        return new ToolRead(index, tool, canonical, violations);
    }

    private static Tool tool(ReleaseSource source, JsonNode pathNode, String at, ReleaseLimits limits, Violations out) {
        if (!pathNode.isTextual()) {
            out.add(at, "must be the path of a tool file, was " + Tree.describe(pathNode));
            return null;
        }
        String path = pathNode.textValue();
        byte[] bytes = read(source, path, at, limits.maxFileBytes(), "file", out);
        if (bytes == null) {
            if (!out.has(at)) {
                out.add(at, "file '" + path + "' not found");
            }
            return null;
        }
        ObjectNode node = Tree.parseObject(path, bytes, at, limits.maxFileBytes(), out);
        if (node == null) {
            return null;
        }
        Tree.onlyKnown(node, at, TOOL_FIELDS, " (in " + path + ")", out);
        List<String> scopes = null;
        JsonNode scopesNode = node.get("scopes");
        if (scopesNode != null && !scopesNode.isNull()) {
            if (!scopesNode.isArray()) {
                out.add(at + ".scopes", "must be a list of scopes, was " + Tree.describe(scopesNode));
            } else {
                scopes = new ArrayList<>();
                for (JsonNode scope : scopesNode) {
                    if (scope.isTextual()) {
                        scopes.add(scope.textValue());
                    } else {
                        out.add(at + ".scopes", "every scope must be a string, found " + Tree.describe(scope));
                    }
                }
            }
        }
        Integer maxCalls = Tree.integer(node, "maxCallsPerTask", at, out);
        return new Tool(Tree.string(node, "name", at, true, out), Tree.string(node, "description", at, true, out),
                node.get("inputSchema"), scopes, maxCalls == null ? 0 : maxCalls);
    }

    private record Evals(EvalSuite suite, double threshold, EvalResults results) {
    }

    private static Evals evals(ReleaseSource source, ObjectNode root, ReleaseLimits limits, Violations out) {
        ObjectNode node = Tree.object(root.get("evals"), "evals", out);
        if (node == null) {
            return new Evals(null, Double.NaN, null);
        }
        Tree.onlyKnown(node, "evals", EVALS_FIELDS, "", out);
        Double threshold = Tree.number(node, "threshold", "evals", true, out);
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            out.add("evals.threshold", "must be between 0 and 1, was " + threshold);
        }
        EvalSuite suite = null;
        String suitePath = Tree.string(node, "suite", "evals", true, out);
        if (suitePath != null) {
            byte[] bytes = readRequired(source, suitePath, "evals.suite", limits.maxFileBytes(), out);
            if (bytes != null) {
                suite = EvalFiles.suite(suitePath, bytes, "evals.suite", limits.maxFileBytes(), out);
            }
        }
        EvalResults results = null;
        String resultsPath = Tree.string(node, "results", "evals", false, out);
        if (resultsPath != null) {
            byte[] bytes = readRequired(source, resultsPath, "evals.results", limits.maxFileBytes(), out);
            if (bytes != null) {
                results = EvalFiles.results(resultsPath, bytes, "evals.results", limits.maxFileBytes(), out);
            }
        }
        return new Evals(suite, threshold == null ? Double.NaN : threshold, results);
    }

    private static byte[] readRequired(ReleaseSource source, String path, String field, long maxBytes,
            Violations out) {
        byte[] bytes = read(source, path, field, maxBytes, "file", out);
        if (bytes == null && !out.has(field)) {
            out.add(field, "file '" + path + "' not found");
        }
        return bytes;
    }

    /**
     * The file's bytes; null when missing, or after reporting an unsafe path, a file over {@code maxBytes} (named by
     * {@code limitName}) or a read error on {@code field}.
     */
    private static byte[] read(ReleaseSource source, String path, String field, long maxBytes, String limitName,
            Violations out) {
        String problem = RelativePaths.problem(path);
        if (problem != null) {
            out.add(field, "path '" + path + "' " + problem);
            return null;
        }
        try {
            return source.read(path, maxBytes).orElse(null);
        } catch (ReleaseSource.TooLargeException e) {
            out.add(field, e.getMessage() + ", over the " + limitName + " size limit of "
                    + ReleaseLimits.inWords(maxBytes));
            return null;
        } catch (ReleaseSource.UnsafePathException e) {
            out.add(field, "path " + e.getMessage());
            return null;
        } catch (UncheckedIOException e) {
            out.add(field, "'" + path + "' cannot be read: " + e.getCause().getMessage());
            return null;
        }
    }
}
