package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of the digest, checked over seeded random inputs: presentation never changes it, content always does,
 * and a change in one part moves exactly that part's digest.
 */
class DigestPropertiesTest {

    private static final int RUNS = 200;
    private static final String BASE = new Fixtures.Files().load().release().digest();

    // ---- presentation never changes the digest ----

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void keyOrderWhitespaceAndYamlVersusJsonNeverChangeTheDigest(long seed) {
        Random random = new Random(seed);
        for (int run = 0; run < RUNS / 5; run++) {
            Fixtures.Files files = new Fixtures.Files();
            String manifestName = random.nextBoolean() ? "release.yaml" : "release.json";
            Map<String, byte[]> out = new LinkedHashMap<>(files.raw);
            List<String> toolPaths = new ArrayList<>();
            for (Map.Entry<String, Object> tool : files.tools.entrySet()) {
                String base = tool.getKey().substring(0, tool.getKey().lastIndexOf('.'));
                String path = base + (random.nextBoolean() ? ".yaml" : ".json");
                toolPaths.add(path);
                out.put(path, Presentation.random(random, path, tool.getValue()));
            }
            files.manifest.put("tools", toolPaths);
            byte[] manifest = Presentation.random(random, manifestName, files.manifest);
            Release release = ReleaseLoader.load(ReleaseSource.inMemory(manifestName, manifest, out)).release();
            assertThat(release.digest()).as("seed %d run %d:\n%s", seed, run, new String(manifest, StandardCharsets.UTF_8))
                    .isEqualTo(BASE);
        }
    }

    @Test
    void equivalentNumberSpellingsHaveTheSameDigest() {
        List<String> temperatures = List.of("0.2", "2e-1", "0.20", "2.0E-1", "0.2000");
        List<String> maxTokens = List.of("1024", "1024.0", "1.024e3", "1024.000");
        for (String t : temperatures) {
            for (String m : maxTokens) {
                Fixtures.Files files = new Fixtures.Files();
                files.manifestName = "release.json";
                String json = new String(files.manifestBytes(), StandardCharsets.UTF_8)
                        .replace("\"temperature\":0.2", "\"temperature\":" + t)
                        .replace("\"max_tokens\":1024", "\"max_tokens\":" + m);
                assertThat(json).contains(t).contains(m);
                Release release = ReleaseLoader.load(ReleaseSource.inMemory("release.json",
                        json.getBytes(StandardCharsets.UTF_8), files.files())).release();
                assertThat(release.digest()).as("temperature %s, max_tokens %s", t, m).isEqualTo(BASE);
            }
        }
    }

    @Test
    void scopeOrderAndRepetitionNeverChangeTheDigest() {
        Random random = new Random(7);
        for (int run = 0; run < RUNS; run++) {
            List<String> scopes = new ArrayList<>(List.of("tickets:write", "customers:read", "tickets:write"));
            Collections.shuffle(scopes, random);
            Tool tool = new Tool("create_ticket", Fixtures.createTicket().description(), Fixtures.createTicket().inputSchema(),
                    scopes, 1);
            Release release = new Release("demo", Fixtures.code(), Fixtures.model(), Fixtures.prompts(),
                    List.of(Fixtures.searchKb(), tool), Fixtures.index());
            assertThat(release.digest()).isEqualTo(BASE);
        }
    }

    @Test
    void promptAndToolOrderNeverChangeTheDigest() {
        List<Prompt> prompts = new ArrayList<>(Fixtures.prompts());
        List<Tool> tools = new ArrayList<>(Fixtures.tools());
        Collections.reverse(prompts);
        Collections.reverse(tools);
        assertThat(new Release("demo", Fixtures.code(), Fixtures.model(), prompts, tools, Fixtures.index()).digest())
                .isEqualTo(BASE);
    }

    @Test
    void theObjectModelAndTheLoaderAgree() {
        assertThat(Fixtures.release().digest()).isEqualTo(BASE);
        assertThat(Fixtures.release().partDigests()).isEqualTo(new Fixtures.Files().load().release().partDigests());
    }

    @Test
    void digestsHaveTheSha256Form() {
        Release release = Fixtures.release();
        assertThat(release.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(release.partDigests()).containsOnlyKeys(Part.values())
                .allSatisfy((part, digest) -> assertThat(digest).matches("sha256:[0-9a-f]{64}"));
    }

    @Test
    void aPromptBlobDigestIsTheSha256OfItsExactBytes() {
        Release release = Fixtures.release();
        byte[] bytes = "You are a careful support agent.\n\nBe brief.\n".getBytes(StandardCharsets.UTF_8);
        assertThat(release.promptDigest("system")).isEqualTo(Digests.sha256(bytes));
        assertThat(release.partCanonicalJson(Part.PROMPTS))
                .contains("\"system\":{\"digest\":\"" + Digests.sha256(bytes) + "\",\"size\":" + bytes.length + "}");
    }

    // ---- any single change moves the release digest and exactly its part's digest ----

    /** A named, seeded change to one field; {@code part} null means no part (the agent name). */
    private record Mutation(String name, Part part, Function<Random, Release> apply) {
    }

    private static Release with(Function<Builder, Builder> change) {
        return change.apply(new Builder()).build();
    }

    /** Builds a variant of the fixture release. */
    private static final class Builder {
        String agent = "demo";
        CodePart code = Fixtures.code();
        ModelPart model = Fixtures.model();
        List<Prompt> prompts = new ArrayList<>(Fixtures.prompts());
        List<Tool> tools = new ArrayList<>(Fixtures.tools());
        IndexPart index = Fixtures.index();

        Release build() {
            return new Release(agent, code, model, prompts, tools, index);
        }
    }

    private static String hex(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }

    private static String word(Random random) {
        return "w" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    private static String date(Random random) {
        return String.format("20%02d-%02d-%02d", 20 + random.nextInt(10), 1 + random.nextInt(12), 1 + random.nextInt(28));
    }

    private static Tool tool(Tool t, String name, String description, JsonNode schema, List<String> scopes, int max) {
        return new Tool(name == null ? t.name() : name, description == null ? t.description() : description,
                schema == null ? t.inputSchema() : schema, scopes == null ? t.scopes() : scopes, max == 0 ? t.maxCallsPerTask() : max);
    }

    private static final List<Mutation> MUTATIONS = List.of(
            new Mutation("agent", null, r -> with(b -> { b.agent = "demo-" + Integer.toString(r.nextInt(1_000_000), 36); return b; })),
            new Mutation("code.repository", Part.CODE, r -> with(b -> {
                b.code = new CodePart("https://git.acme.internal/" + word(r) + ".git", b.code.commit(), b.code.image()); return b; })),
            new Mutation("code.commit", Part.CODE, r -> with(b -> {
                b.code = new CodePart(b.code.repository(), hex(r, 40), b.code.image()); return b; })),
            new Mutation("code.image", Part.CODE, r -> with(b -> {
                b.code = new CodePart(b.code.repository(), b.code.commit(), "registry.acme.internal/x@sha256:" + hex(r, 64)); return b; })),
            new Mutation("code.image removed", Part.CODE, r -> with(b -> {
                b.code = new CodePart(b.code.repository(), b.code.commit(), null); return b; })),
            new Mutation("model.provider", Part.MODEL, r -> with(b -> {
                b.model = new ModelPart("p" + r.nextInt(1000), b.model.name(), b.model.snapshot(), b.model.parameters()); return b; })),
            new Mutation("model.name", Part.MODEL, r -> with(b -> {
                b.model = new ModelPart(b.model.provider(), "model-" + r.nextInt(1000), b.model.snapshot(), b.model.parameters()); return b; })),
            new Mutation("model.snapshot", Part.MODEL, r -> with(b -> {
                String d = date(r);
                b.model = new ModelPart(b.model.provider(), b.model.name(), d.equals("2025-05-14") ? "2025-05-15" : d,
                        b.model.parameters()); return b; })),
            new Mutation("model.parameters value", Part.MODEL, r -> with(b -> {
                TreeMap<String, JsonNode> p = new TreeMap<>(b.model.parameters());
                p.put("temperature", Fixtures.MAPPER.getNodeFactory().numberNode(0.21 + r.nextInt(70) / 100.0));
                b.model = new ModelPart(b.model.provider(), b.model.name(), b.model.snapshot(), p); return b; })),
            new Mutation("model.parameters added", Part.MODEL, r -> with(b -> {
                TreeMap<String, JsonNode> p = new TreeMap<>(b.model.parameters());
                p.put("top_k", Fixtures.MAPPER.getNodeFactory().numberNode(r.nextInt(100)));
                b.model = new ModelPart(b.model.provider(), b.model.name(), b.model.snapshot(), p); return b; })),
            new Mutation("model.parameters removed", Part.MODEL, r -> with(b -> {
                TreeMap<String, JsonNode> p = new TreeMap<>(b.model.parameters());
                p.remove(r.nextBoolean() ? "temperature" : "max_tokens");
                b.model = new ModelPart(b.model.provider(), b.model.name(), b.model.snapshot(), p); return b; })),
            new Mutation("prompt text", Part.PROMPTS, r -> with(b -> {
                int i = r.nextInt(b.prompts.size());
                Prompt p = b.prompts.get(i);
                StringBuilder text = new StringBuilder(p.text());
                int at = r.nextInt(text.length());
                text.setCharAt(at, text.charAt(at) == 'z' ? 'y' : 'z');
                b.prompts.set(i, new Prompt(p.name(), text.toString())); return b; })),
            new Mutation("prompt whitespace", Part.PROMPTS, r -> with(b -> {
                int i = r.nextInt(b.prompts.size());
                Prompt p = b.prompts.get(i);
                String ws = List.of(" ", "\n", "\t", "\r\n").get(r.nextInt(4));
                b.prompts.set(i, new Prompt(p.name(), r.nextBoolean() ? p.text() + ws : ws + p.text())); return b; })),
            new Mutation("prompt renamed", Part.PROMPTS, r -> with(b -> {
                Prompt p = b.prompts.get(0);
                b.prompts.set(0, new Prompt("p" + r.nextInt(1000), p.text())); return b; })),
            new Mutation("prompt added", Part.PROMPTS, r -> with(b -> {
                b.prompts.add(new Prompt("extra-" + r.nextInt(1000), word(r))); return b; })),
            new Mutation("prompt removed", Part.PROMPTS, r -> with(b -> {
                b.prompts.remove(r.nextInt(b.prompts.size())); return b; })),
            new Mutation("tool.name", Part.TOOLS, r -> with(b -> {
                b.tools.set(0, tool(b.tools.get(0), "tool_" + r.nextInt(1000), null, null, null, 0)); return b; })),
            new Mutation("tool.description", Part.TOOLS, r -> with(b -> {
                b.tools.set(1, tool(b.tools.get(1), null, "Describe " + word(r), null, null, 0)); return b; })),
            new Mutation("tool.inputSchema", Part.TOOLS, r -> with(b -> {
                ObjectNode schema = (ObjectNode) b.tools.get(0).inputSchema();
                ((ObjectNode) schema.path("properties").path("query")).put("maxLength", 301 + r.nextInt(1000));
                b.tools.set(0, tool(b.tools.get(0), null, null, schema, null, 0)); return b; })),
            new Mutation("tool.scopes", Part.TOOLS, r -> with(b -> {
                List<String> scopes = new ArrayList<>(b.tools.get(0).scopes());
                scopes.add("kb:" + word(r));
                b.tools.set(0, tool(b.tools.get(0), null, null, null, scopes, 0)); return b; })),
            new Mutation("tool.maxCallsPerTask", Part.TOOLS, r -> with(b -> {
                b.tools.set(0, tool(b.tools.get(0), null, null, null, null, 6 + r.nextInt(100))); return b; })),
            new Mutation("tool added", Part.TOOLS, r -> with(b -> {
                b.tools.add(tool(Fixtures.searchKb(), "search_" + r.nextInt(1000), null, null, null, 0)); return b; })),
            new Mutation("tool removed", Part.TOOLS, r -> with(b -> {
                b.tools.remove(r.nextInt(b.tools.size())); return b; })),
            new Mutation("index.corpus", Part.INDEX, r -> with(b -> {
                b.index = new IndexPart("kb-" + r.nextInt(1000), b.index.buildId(), b.index.buildDigest(), b.index.embeddingModel()); return b; })),
            new Mutation("index.buildId", Part.INDEX, r -> with(b -> {
                b.index = new IndexPart(b.index.corpus(), "build-" + r.nextInt(1000), b.index.buildDigest(), b.index.embeddingModel()); return b; })),
            new Mutation("index.buildDigest", Part.INDEX, r -> with(b -> {
                b.index = new IndexPart(b.index.corpus(), b.index.buildId(), "sha256:" + hex(r, 64), b.index.embeddingModel()); return b; })),
            new Mutation("index.embeddingModel", Part.INDEX, r -> with(b -> {
                b.index = new IndexPart(b.index.corpus(), b.index.buildId(), b.index.buildDigest(), "embed-" + r.nextInt(1000) + "@" + date(r));
                return b; })));

    @Test
    void everySingleFieldChangeMovesTheReleaseDigestAndExactlyThatPartsDigest() {
        Release base = Fixtures.release();
        Random random = new Random(42);
        Set<String> seen = new java.util.HashSet<>();
        for (int run = 0; run < RUNS; run++) {
            for (Mutation mutation : MUTATIONS) {
                Release changed = mutation.apply().apply(random);
                assertThat(changed.digest()).as(mutation.name()).isNotEqualTo(base.digest());
                Set<Part> moved = EnumSet.noneOf(Part.class);
                for (Part part : Part.values()) {
                    if (!changed.partDigest(part).equals(base.partDigest(part))) {
                        moved.add(part);
                    }
                }
                assertThat(moved).as(mutation.name())
                        .isEqualTo(mutation.part() == null ? EnumSet.noneOf(Part.class) : EnumSet.of(mutation.part()));
                assertThat(ReleaseDiff.between(base, changed).changedParts()).as(mutation.name()).isEqualTo(moved);
                seen.add(changed.digest());
            }
        }
        // Distinct random changes give distinct digests (no accidental collisions among thousands of variants).
        assertThat(seen.size()).isGreaterThan(RUNS * MUTATIONS.size() / 2);
    }

    @Test
    void everyFieldOfEveryPartIsCovered() {
        Set<String> covered = new java.util.HashSet<>();
        MUTATIONS.forEach(m -> covered.add(m.name().split("[ .]")[0] + (m.name().contains(".") ? "." + m.name().split("[ .]")[1] : "")));
        assertThat(covered).contains("agent", "code.repository", "code.commit", "code.image", "model.provider", "model.name",
                "model.snapshot", "model.parameters", "tool.name", "tool.description", "tool.inputSchema", "tool.scopes",
                "tool.maxCallsPerTask", "index.corpus", "index.buildId", "index.buildDigest", "index.embeddingModel", "prompt");
    }
}
