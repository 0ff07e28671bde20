package dev.slipway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.release.EvalSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a large, valid, deterministic release: mostly prompt files, some tool manifests with large JSON schemas
 * (one in three as YAML), an eval suite and results, and the manifest. The same seed always writes the same bytes.
 */
public final class ReleaseGenerator {

    /** Share of the byte budget spent on tool manifests. */
    static final double TOOL_SHARE = 0.05;
    /** One tool file per this many files. */
    static final int FILES_PER_TOOL = 17;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private static final String[] WORDS = ("the customer ticket agent must should never always escalate priority urgent "
            + "billing invoice refund account security incident database backup restore latency region outage storage "
            + "bucket policy summary category knowledge base article search result tool call limit scope permission "
            + "when if unless before after only each every one two three minutes hours response review team queue "
            + "production staging error message quoted verbatim include exclude personal data identifier plan tier "
            + "business starter enterprise contract renewal cancel upgrade downgrade password reset login session token "
            + "rotate revoke audit log evidence confirm verify repeat ask clarify apologise acknowledge explain steps "
            + "workaround known issue defect regression release note status page incident report follow up owner").split(" ");
    private static final String[] TYPOGRAPHY = {"—", "’", "“", "”", "é", "…", "→", "✓"};

    private ReleaseGenerator() {
    }

    /** What was written. */
    public record Generated(Path dir, List<String> files, long totalBytes, int prompts, int tools) {
    }

    /**
     * Writes a release of {@code fileCount} files totalling about {@code totalBytes} into {@code dir}.
     *
     * @param fileCount at least 8
     */
    public static Generated generate(Path dir, long seed, int fileCount, long totalBytes) throws IOException {
        if (fileCount < 8) {
            throw new IllegalArgumentException("need at least 8 files");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<String> files = new ArrayList<>();
        long written = 0;

        // Evals: a small suite and results for it.
        byte[] suite = suite().getBytes(StandardCharsets.UTF_8);
        written += write(dir, "evals/suite.yaml", suite, files);
        String suiteDigest = EvalSuite.parse("suite.yaml", suite).digest();
        written += write(dir, "evals/results.json", results(suiteDigest, random.split()), files);

        int toolCount = Math.max(1, (fileCount - 3) / FILES_PER_TOOL);
        int promptCount = fileCount - 3 - toolCount;
        long toolBudget = (long) (totalBytes * TOOL_SHARE);

        List<String> toolPaths = new ArrayList<>();
        for (int i = 0; i < toolCount; i++) {
            boolean yaml = i % 3 == 2;
            String name = String.format("tool_%03d", i);
            String path = "tools/" + name + (yaml ? ".yaml" : ".json");
            ObjectNode tool = tool(name, toolBudget / toolCount, random.split());
            byte[] bytes = yaml ? YAML.writeValueAsBytes(tool) : JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tool);
            written += write(dir, path, bytes, files);
            toolPaths.add(path);
        }

        Map<String, String> promptPaths = new LinkedHashMap<>();
        for (int i = 0; i < promptCount; i++) {
            String name = String.format("p%04d", i);
            promptPaths.put(name, String.format("prompts/g%02d/%s.md", i % 20, name));
        }
        byte[] manifest = manifest(promptPaths, toolPaths, random.split()).getBytes(StandardCharsets.UTF_8);
        long promptBudget = Math.max(promptCount, totalBytes - written - manifest.length);
        double[] weights = new double[promptCount];
        double sum = 0;
        for (int i = 0; i < promptCount; i++) {
            weights[i] = 0.5 + random.nextDouble();
            sum += weights[i];
        }
        long left = promptBudget;
        int i = 0;
        for (Map.Entry<String, String> prompt : promptPaths.entrySet()) {
            int size = i == promptCount - 1 ? (int) left : (int) (promptBudget * weights[i] / sum);
            left -= size;
            written += write(dir, prompt.getValue(), prose(size, random.split(), i % 10 == 0), files);
            i++;
        }
        written += write(dir, "release.yaml", manifest, files);
        return new Generated(dir, List.copyOf(files), written, promptCount, toolCount);
    }

    private static long write(Path dir, String path, byte[] bytes, List<String> files) throws IOException {
        Path target = dir.resolve(path);
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
        files.add(path);
        return bytes.length;
    }

    /** Exactly {@code size} bytes of prompt-like prose in paragraphs, optionally with typographic UTF-8. */
    static byte[] prose(int size, SplittableRandom random, boolean typography) {
        StringBuilder text = new StringBuilder(size + 64);
        while (text.length() < size) {
            int sentences = 2 + random.nextInt(5);
            for (int s = 0; s < sentences; s++) {
                int words = 6 + random.nextInt(14);
                for (int w = 0; w < words; w++) {
                    String word = WORDS[random.nextInt(WORDS.length)];
                    text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                    if (typography && random.nextInt(40) == 0) {
                        text.append(' ').append(TYPOGRAPHY[random.nextInt(TYPOGRAPHY.length)]);
                    }
                    text.append(w == words - 1 ? ". " : " ");
                }
            }
            text.append("\n\n");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        int end = size;
        while (end > 0 && end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
            end--; // never cut a multi-byte character in half
        }
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, 0, end);
        for (int k = end; k < size; k++) {
            out[k] = '\n';
        }
        return out;
    }

    /** A tool manifest whose input schema is a nested object of about {@code size} bytes. */
    static ObjectNode tool(String name, long size, SplittableRandom random) {
        ObjectNode tool = JSON.createObjectNode();
        tool.put("name", name);
        tool.put("description", sentence(random, 30));
        ObjectNode schema = tool.putObject("inputSchema");
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        int p = 0;
        while (schema.toString().length() < size) {
            String field = WORDS[random.nextInt(WORDS.length)] + "_" + (p++);
            ObjectNode prop = properties.putObject(field);
            switch (random.nextInt(4)) {
                case 0 -> prop.put("type", "string").put("maxLength", 64 + random.nextInt(4000))
                        .put("description", sentence(random, 25));
                case 1 -> {
                    prop.put("type", "string").put("description", sentence(random, 12));
                    ArrayNode values = prop.putArray("enum");
                    for (int v = 0; v < 3 + random.nextInt(6); v++) {
                        values.add(WORDS[random.nextInt(WORDS.length)] + "-" + v);
                    }
                }
                case 2 -> prop.put("type", "number").put("minimum", 0).put("maximum", random.nextInt(10_000) / 4.0)
                        .put("multipleOf", 0.25).put("description", sentence(random, 10));
                default -> {
                    prop.put("type", "object").put("description", sentence(random, 15));
                    ObjectNode nested = prop.putObject("properties");
                    for (int n = 0; n < 2 + random.nextInt(4); n++) {
                        nested.putObject(WORDS[random.nextInt(WORDS.length)] + "_" + n).put("type", "string")
                                .put("description", sentence(random, 8));
                    }
                }
            }
            if (random.nextInt(3) == 0) {
                required.add(field);
            }
        }
        ArrayNode scopes = tool.putArray("scopes");
        scopes.add("tickets:write");
        scopes.add("kb:read");
        if (random.nextBoolean()) {
            scopes.add("customers:read");
        }
        tool.put("maxCallsPerTask", 1 + random.nextInt(10));
        return tool;
    }

    private static String sentence(SplittableRandom random, int words) {
        StringBuilder s = new StringBuilder();
        for (int w = 0; w < words; w++) {
            s.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return s.append('.').toString();
    }

    private static String hex(SplittableRandom random, int length) {
        byte[] bytes = new byte[length / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return HexFormat.of().formatHex(bytes);
    }

    static String manifest(Map<String, String> prompts, List<String> tools, SplittableRandom random) {
        StringBuilder m = new StringBuilder();
        m.append("apiVersion: slipway.dev/v1\n");
        m.append("agent: bench-agent\n");
        m.append("code:\n");
        m.append("  repository: https://git.acme.internal/agents/bench-agent.git\n");
        m.append("  commit: ").append(hex(random, 40)).append('\n');
        m.append("  image: registry.acme.internal/agents/bench-agent@sha256:").append(hex(random, 64)).append('\n');
        m.append("model:\n  provider: anthropic\n  name: claude-sonnet-4\n  snapshot: \"2025-05-14\"\n");
        m.append("  parameters: {temperature: 0.2, max_tokens: 1024}\n");
        m.append("prompts:\n");
        prompts.forEach((name, path) -> m.append("  ").append(name).append(": ").append(path).append('\n'));
        m.append("tools:\n");
        tools.forEach(path -> m.append("  - ").append(path).append('\n'));
        m.append("index:\n  corpus: support-kb\n  buildId: support-kb-2025-06-02.3\n");
        m.append("  buildDigest: sha256:").append(hex(random, 64)).append('\n');
        m.append("  embeddingModel: text-embedding-3-large@2024-01-25\n");
        m.append("evals:\n  suite: evals/suite.yaml\n  threshold: 0.85\n  results: evals/results.json\n");
        return m.toString();
    }

    static String suite() {
        StringBuilder s = new StringBuilder("name: bench-suite\npassScore: 0.6\ncases:\n");
        for (int i = 0; i < 10; i++) {
            s.append("  - id: case-").append(i).append('\n')
                    .append("    input: {subject: \"ticket ").append(i).append("\", body: \"the database is slow\"}\n")
                    .append("    expected: {category: technical, priority: normal}\n");
        }
        return s.toString();
    }

    static byte[] results(String suiteDigest, SplittableRandom random) {
        StringBuilder r = new StringBuilder("{\"suiteDigest\": \"").append(suiteDigest).append("\", \"scores\": [");
        for (int i = 0; i < 10; i++) {
            r.append(i == 0 ? "" : ", ").append("{\"caseId\": \"case-").append(i).append("\", \"score\": ")
                    .append(0.85 + random.nextInt(16) / 100.0).append('}');
        }
        return r.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
