package dev.slipway.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test data: a small valid release, as Java objects and as manifest files. */
final class Fixtures {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    static final String COMMIT = "055c6344df04d5477b03581e3b8ee01ebfdb1fdc";
    static final String IMAGE = "registry.acme.internal/agents/demo@sha256:" + "b".repeat(64);
    static final String BUILD_DIGEST = "sha256:" + "a".repeat(64);
    static final Path EXAMPLE = Path.of("..", "examples", "support-triage");

    private Fixtures() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static CodePart code() {
        return new CodePart("https://git.acme.internal/agents/demo.git", COMMIT, IMAGE);
    }

    static ModelPart model() {
        TreeMap<String, JsonNode> parameters = new TreeMap<>();
        parameters.put("temperature", json("0.2"));
        parameters.put("max_tokens", json("1024"));
        return new ModelPart("anthropic", "claude-sonnet-4", "2025-05-14", parameters);
    }

    static List<Prompt> prompts() {
        return List.of(new Prompt("system", "You are a careful support agent.\n\nBe brief.\n"),
                new Prompt("triage", "Classify the ticket:\n{{ticket}}\n"));
    }

    static Tool searchKb() {
        return new Tool("search_kb", "Search the knowledge base.",
                json("{\"type\":\"object\",\"required\":[\"query\"],\"properties\":{\"query\":{\"type\":\"string\",\"maxLength\":300}}}"),
                List.of("kb:read"), 5);
    }

    static Tool createTicket() {
        return new Tool("create_ticket", "Create the triaged ticket.",
                json("{\"type\":\"object\",\"properties\":{\"priority\":{\"type\":\"string\",\"enum\":[\"low\",\"normal\",\"high\",\"urgent\"]}}}"),
                List.of("tickets:write", "customers:read"), 1);
    }

    static List<Tool> tools() {
        return List.of(searchKb(), createTicket());
    }

    static IndexPart index() {
        return new IndexPart("support-kb", "support-kb-2025-06-02.3", BUILD_DIGEST, "text-embedding-3-large@2024-01-25");
    }

    static Release release() {
        return new Release("demo", code(), model(), prompts(), tools(), index());
    }

    /** A valid release as manifest + files, ready to be edited by a test and loaded from memory or disk. */
    static final class Files {
        final Map<String, Object> manifest = new LinkedHashMap<>();
        final Map<String, Object> tools = new LinkedHashMap<>();
        final Map<String, byte[]> raw = new LinkedHashMap<>();
        String manifestName = "release.yaml";

        Files() {
            manifest.put("apiVersion", "slipway.dev/v1");
            manifest.put("agent", "demo");
            manifest.put("code", map("repository", "https://git.acme.internal/agents/demo.git", "commit", COMMIT, "image", IMAGE));
            manifest.put("model", map("provider", "anthropic", "name", "claude-sonnet-4", "snapshot", "2025-05-14",
                    "parameters", map("temperature", 0.2, "max_tokens", 1024)));
            manifest.put("prompts", map("system", "prompts/system.md", "triage", "prompts/triage.md"));
            manifest.put("tools", new ArrayList<>(List.of("tools/search_kb.yaml", "tools/create_ticket.json")));
            manifest.put("index", map("corpus", "support-kb", "buildId", "support-kb-2025-06-02.3", "buildDigest", BUILD_DIGEST,
                    "embeddingModel", "text-embedding-3-large@2024-01-25"));
            manifest.put("evals", map("suite", "evals/suite.yaml", "threshold", 0.85, "results", "evals/results.json"));
            for (Prompt p : prompts()) {
                text("prompts/" + p.name() + ".md", p.text());
            }
            tools.put("tools/search_kb.yaml", toolMap(searchKb()));
            tools.put("tools/create_ticket.json", toolMap(createTicket()));
            raw.put("evals/suite.yaml", SUITE_YAML.getBytes(StandardCharsets.UTF_8));
            raw.put("evals/results.json", ("{\"suiteDigest\":\"" + suiteDigest() + "\",\"scores\":["
                    + "{\"caseId\":\"billing\",\"score\":1.0},{\"caseId\":\"outage\",\"score\":0.8}]}").getBytes(StandardCharsets.UTF_8));
        }

        static final String SUITE_YAML = """
                name: demo-suite
                passScore: 0.6
                cases:
                  - id: billing
                    input: {subject: Charged twice}
                    expected: {category: billing, priority: normal}
                  - id: outage
                    input: {subject: Database down}
                    expected: {category: technical, priority: urgent}
                """;

        static String suiteDigest() {
            return EvalSuite.parse("suite.yaml", SUITE_YAML.getBytes(StandardCharsets.UTF_8)).digest();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> section(String name) {
            return (Map<String, Object>) manifest.get(name);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> tool(String path) {
            return (Map<String, Object>) tools.get(path);
        }

        Files text(String path, String text) {
            raw.put(path, text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** All files as bytes, manifest and tool files written in the format their extension says. */
        Map<String, byte[]> files() {
            Map<String, byte[]> files = new LinkedHashMap<>(raw);
            tools.forEach((path, tool) -> files.put(path, write(path, tool)));
            return files;
        }

        byte[] manifestBytes() {
            return write(manifestName, manifest);
        }

        ReleaseSource source() {
            return ReleaseSource.inMemory(manifestName, manifestBytes(), files());
        }

        LoadedRelease load() {
            return ReleaseLoader.load(source());
        }

        /** Writes everything under {@code dir} and returns it. */
        Path writeTo(Path dir) throws java.io.IOException {
            java.nio.file.Files.write(dir.resolve(manifestName), manifestBytes());
            for (Map.Entry<String, byte[]> file : files().entrySet()) {
                Path target = dir.resolve(file.getKey());
                java.nio.file.Files.createDirectories(target.getParent());
                java.nio.file.Files.write(target, file.getValue());
            }
            return dir;
        }

        static byte[] write(String path, Object value) {
            try {
                ObjectMapper mapper = path.endsWith(".json") ? MAPPER : Json.YAML;
                return mapper.writeValueAsBytes(value);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Map<String, Object> toolMap(Tool tool) {
        return map("name", tool.name(), "description", tool.description(),
                "inputSchema", MAPPER.convertValue(tool.inputSchema(), Map.class),
                "scopes", new ArrayList<>(tool.scopes()), "maxCallsPerTask", tool.maxCallsPerTask());
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
