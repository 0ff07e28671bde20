package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per refusal: each builds a valid release, breaks one thing, and expects exactly that violation. */
class ReleaseValidationTest {

    private final Fixtures.Files release = new Fixtures.Files();

    private static List<Violation> violations(Runnable load) {
        ReleaseValidationException e = catchThrowableOfType(ReleaseValidationException.class, load::run);
        assertThat(e).as("expected the release to be refused").isNotNull();
        return e.violations();
    }

    private List<Violation> violations() {
        return violations(release::load);
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    @Test
    void theFixtureIsValidAndMatchesTheObjectModel() {
        LoadedRelease loaded = release.load();
        assertThat(loaded.release().digest()).isEqualTo(Fixtures.release().digest());
        assertThat(loaded.evalSuite().name()).isEqualTo("demo-suite");
        assertThat(loaded.evalThreshold()).isEqualTo(0.85);
        assertThat(loaded.evalResults()).isPresent();
    }

    @Test
    void refusesACodeRefThatIsNotA40HexCommit() {
        release.section("code").put("commit", "main");
        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("code.commit");
            assertThat(v.message()).contains("40-hex");
        });
    }

    @Test
    void refusesAShortOrUppercaseCommit() {
        release.section("code").put("commit", "055c634");
        assertThat(fields(violations())).containsExactly("code.commit");
        release.section("code").put("commit", Fixtures.COMMIT.toUpperCase());
        assertThat(fields(violations())).containsExactly("code.commit");
    }

    @Test
    void refusesAnImageNotPinnedByDigest() {
        release.section("code").put("image", "registry.acme.internal/agents/demo:1.4.2");
        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("code.image");
            assertThat(v.message()).contains("@sha256:");
        });
    }

    @Test
    void acceptsAReleaseWithoutImage() {
        release.section("code").remove("image");
        assertThat(release.load().release().code().image()).isNull();
    }

    @Test
    void refusesAMissingModelSnapshot() {
        release.section("model").remove("snapshot");
        assertThat(fields(violations())).containsExactly("model.snapshot");
    }

    @Test
    void refusesAnUndatedModelSnapshot() {
        release.section("model").put("snapshot", "v2");
        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("model.snapshot");
            assertThat(v.message()).contains("YYYY-MM-DD");
        });
        release.section("model").put("snapshot", "2025-02-30");
        assertThat(fields(violations())).containsExactly("model.snapshot");
    }

    @Test
    void refusesAnAliasAsSnapshot() {
        for (String alias : List.of("latest", "stable", "preview", "Latest")) {
            release.section("model").put("snapshot", alias);
            assertThat(violations()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("model.snapshot");
                assertThat(v.message()).contains("alias");
            });
        }
    }

    @Test
    void refusesAnAliasInTheModelName() {
        for (String name : List.of("claude-sonnet-latest", "gpt-4o-latest", "gemini-pro-preview", "llama:stable")) {
            release.section("model").put("name", name);
            assertThat(violations()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("model.name");
                assertThat(v.message()).contains("alias");
            });
        }
    }

    @Test
    void refusesAnIndexWithoutAValidBuildDigest() {
        release.section("index").put("buildDigest", "sha256:1234");
        assertThat(fields(violations())).containsExactly("index.buildDigest");
        release.section("index").remove("buildDigest");
        assertThat(fields(violations())).containsExactly("index.buildDigest");
    }

    @Test
    void refusesAnUnpinnedEmbeddingModel() {
        release.section("index").put("embeddingModel", "text-embedding-3-large");
        assertThat(fields(violations())).containsExactly("index.embeddingModel");
        release.section("index").put("embeddingModel", "text-embedding-3-large@latest");
        assertThat(fields(violations())).containsExactly("index.embeddingModel");
    }

    @Test
    void refusesAToolWithoutPermissionScopes() {
        release.tool("tools/create_ticket.json").put("scopes", List.of());
        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("tools[1].scopes");
            assertThat(v.message()).contains("at least one permission scope");
        });
        release.tool("tools/create_ticket.json").remove("scopes");
        assertThat(fields(violations())).containsExactly("tools[1].scopes");
    }

    @Test
    void refusesWildcardAndMalformedScopes() {
        release.tool("tools/search_kb.yaml").put("scopes", List.of("kb:*"));
        assertThat(fields(violations())).containsExactly("tools[0].scopes");
        release.tool("tools/search_kb.yaml").put("scopes", List.of("read everything"));
        assertThat(fields(violations())).containsExactly("tools[0].scopes");
    }

    @Test
    void refusesDuplicateToolNames() {
        release.tool("tools/create_ticket.json").put("name", "search_kb");
        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("tools[1].name");
            assertThat(v.message()).contains("duplicate").contains("tools[0]");
        });
    }

    @Test
    void refusesAToolCallLimitBelowOne() {
        release.tool("tools/search_kb.yaml").put("maxCallsPerTask", 0);
        assertThat(fields(violations())).containsExactly("tools[0].maxCallsPerTask");
    }

    @Test
    void refusesAToolSchemaThatIsNotAValidJsonSchema() {
        release.tool("tools/search_kb.yaml").put("inputSchema", Map.of("type", "object",
                "properties", Map.of("customer_id", Map.of("type", "strnig")), "required", "customer_id"));
        List<Violation> v = violations();
        assertThat(fields(v)).containsOnly("tools[0].inputSchema");
        assertThat(v).extracting(Violation::message)
                .anySatisfy(m -> assertThat(m).contains("not a valid JSON Schema").contains("properties.customer_id.type"))
                .anySatisfy(m -> assertThat(m).contains("not a valid JSON Schema").contains("required"));
    }

    @Test
    void refusesAToolSchemaThatIsNotAnObjectSchema() {
        release.tool("tools/search_kb.yaml").put("inputSchema", Map.of("type", "string"));
        assertThat(fields(violations())).containsExactly("tools[0].inputSchema");
    }

    @Test
    void refusesAPromptOverTheSizeLimit() {
        ReleaseLimits limits = ReleaseLimits.DEFAULT.withMaxPromptBytes(1024);
        release.text("prompts/triage.md", "x".repeat(1025));
        List<Violation> v = violations(() -> ReleaseLoader.load(release.source(), limits));
        assertThat(v).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("prompts.triage");
            assertThat(violation.message()).contains("1025 bytes").contains("prompt size limit of 1 KiB");
        });
        release.text("prompts/triage.md", "x".repeat(1024));
        assertThat(ReleaseLoader.load(release.source(), limits).release().promptSize("triage")).isEqualTo(1024);
    }

    @Test
    void theDefaultPromptLimitIsOneMebibyte() {
        assertThat(ReleaseLimits.DEFAULT.maxPromptBytes()).isEqualTo(1024 * 1024);
        release.text("prompts/triage.md", "y".repeat(1024 * 1024 + 1));
        assertThat(fields(violations())).containsExactly("prompts.triage");
    }

    @Test
    void aNonFiniteYamlNumberIsRefusedUnderItsField() {
        for (String nonFinite : List.of(".nan", ".inf", "-.Inf")) {
            String yaml = new String(release.manifestBytes(), StandardCharsets.UTF_8)
                    .replace("temperature: 0.2", "temperature: " + nonFinite);
            ReleaseSource source = ReleaseSource.inMemory("release.yaml", yaml.getBytes(StandardCharsets.UTF_8),
                    release.files());
            assertThat(violations(() -> ReleaseLoader.load(source))).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("model.parameters.temperature");
                assertThat(v.message()).contains(nonFinite + " is not a finite number").contains("line ");
            });
        }
    }

    @Test
    void anUnquotedValueThatYamlVersionsReadDifferentlyIsRefusedWithItsLine() {
        String yaml = new String(release.manifestBytes(), StandardCharsets.UTF_8).replace("temperature: 0.2", "temperature: on");
        ReleaseSource source = ReleaseSource.inMemory("release.yaml", yaml.getBytes(StandardCharsets.UTF_8),
                release.files());
        assertThat(violations(() -> ReleaseLoader.load(source))).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("manifest");
            assertThat(v.message()).contains("the unquoted value 'on' is read as a boolean by YAML 1.1 readers")
                    .contains("quote it").contains("line ");
        });
        String quoted = yaml.replace("temperature: on", "temperature: \"on\"");
        assertThat(ReleaseLoader.load(ReleaseSource.inMemory("release.yaml", quoted.getBytes(StandardCharsets.UTF_8),
                release.files())).release().model().parameters().get("temperature").textValue()).isEqualTo("on");
    }

    @Test
    void pricesArePartOfTheModelPartAndSurviveTheWireForm() {
        Release unpriced = release.load().release();
        String before = unpriced.digest();
        release.section("model").put("pricing", Fixtures.map(
                "anthropic", Fixtures.map("inputPerMillionTokens", 3, "outputPerMillionTokens", 15),
                "bedrock", Fixtures.map("inputPerMillionTokens", 3.3, "outputPerMillionTokens", 16.5)));
        Release priced = release.load().release();
        assertThat(priced.digest()).as("a price is release content").isNotEqualTo(before);
        assertThat(priced.model().pricing()).containsEntry("bedrock", new ModelPrice(3.3, 16.5));
        assertThat(priced.model().pricing().get("anthropic").costUsd(1_000, 200)).isEqualTo(0.006);
        Release back = Release.fromCanonicalJson(priced.toCanonicalJson());
        assertThat(back.digest()).isEqualTo(priced.digest());
        assertThat(back.model().pricing()).isEqualTo(priced.model().pricing());
        assertThat(ReleaseDiff.between(unpriced, priced).render(false))
                .contains("pricing.bedrock").contains("{\"inputPerMillionTokens\":3.3,\"outputPerMillionTokens\":16.5}");
    }

    @Test
    void refusesANegativeOrIncompletePrice() {
        release.section("model").put("pricing", Fixtures.map(
                "anthropic", Fixtures.map("inputPerMillionTokens", -1, "outputPerMillionTokens", 15),
                "bedrock", Fixtures.map("inputPerMillionTokens", 3.3),
                "vertex", Fixtures.map("inputPerMillionTokens", 3, "outputPerMillionTokens", 15, "currency", "EUR")));
        assertThat(fields(violations())).containsExactlyInAnyOrder("model.pricing.anthropic.inputPerMillionTokens",
                "model.pricing.bedrock.outputPerMillionTokens", "model.pricing.vertex.currency");
    }

    @Test
    void refusesUnknownFieldsInTheManifest() {
        release.manifest.put("owner", "team-support");
        release.section("model").put("temprature", 0.3);
        assertThat(fields(violations())).containsExactlyInAnyOrder("owner", "model.temprature");
    }

    @Test
    void refusesUnknownFieldsInToolFiles() {
        release.tool("tools/create_ticket.json").put("maxCalls", 3);
        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("tools[1].maxCalls");
            assertThat(v.message()).contains("unknown field").contains("tools/create_ticket.json");
        });
    }

    @Test
    void refusesUnknownFieldsInEvalFiles() {
        release.raw.put("evals/results.json", ("{\"suiteDigest\":\"" + Fixtures.Files.suiteDigest()
                + "\",\"scores\":[],\"runner\":\"x\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(fields(violations())).containsExactly("evals.results.runner");
    }

    @Test
    void refusesDuplicateKeys() {
        release.manifestName = "release.json";
        String json = new String(release.manifestBytes(), StandardCharsets.UTF_8)
                .replaceFirst("\"agent\":\"demo\"", "\"agent\":\"demo\",\"agent\":\"other\"");
        List<Violation> v = violations(() -> ReleaseLoader.load(ReleaseSource.inMemory("release.json",
                json.getBytes(StandardCharsets.UTF_8), release.files())));
        assertThat(v).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("manifest");
            assertThat(violation.message()).containsIgnoringCase("duplicate");
        });
        byte[] yaml = "apiVersion: slipway.dev/v1\nagent: demo\nagent: other\n".getBytes(StandardCharsets.UTF_8);
        assertThat(fields(violations(() -> ReleaseLoader.load(ReleaseSource.inMemory("release.yaml", yaml, Map.of())))))
                .containsExactly("manifest");
    }

    @Test
    void refusesYamlAliasesNamingTheLine() {
        byte[] yaml = ("apiVersion: slipway.dev/v1\nagent: demo\nmodel:\n  parameters:\n    top_p: &p 0.9\n"
                + "    temperature: *p\n").getBytes(StandardCharsets.UTF_8);
        assertThat(violations(() -> ReleaseLoader.load(ReleaseSource.inMemory("release.yaml", yaml, Map.of()))))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("manifest");
                    assertThat(v.message()).contains("YAML aliases are not allowed (*p)").contains("line 6");
                });
    }

    @Test
    void refusesABillionLaughsManifestAtItsFirstAnchor() {
        StringBuilder yaml = new StringBuilder("apiVersion: slipway.dev/v1\nagent: demo\na: &a [\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [*").append(prev).append(",*").append(prev).append("]\n");
        }
        assertThat(violations(() -> ReleaseLoader.load(ReleaseSource.inMemory("release.yaml",
                yaml.toString().getBytes(StandardCharsets.UTF_8), Map.of()))))
                .singleElement().satisfies(v -> assertThat(v.message()).contains("anchors are not allowed").contains("line 3"));
    }

    @Test
    void refusesYamlTagsNamingTheLine() {
        byte[] yaml = "apiVersion: slipway.dev/v1\nagent: !!java/object:java.net.URL demo\n".getBytes(StandardCharsets.UTF_8);
        assertThat(violations(() -> ReleaseLoader.load(ReleaseSource.inMemory("release.yaml", yaml, Map.of()))))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("manifest");
                    assertThat(v.message()).contains("YAML tags are not allowed").contains("java.net.URL")
                            .contains("line 2");
                });
        byte[] tool = "name: t\ndescription: !!str x\n".getBytes(StandardCharsets.UTF_8);
        release.tools.remove("tools/search_kb.yaml");
        release.raw.put("tools/search_kb.yaml", tool);
        assertThat(violations()).anySatisfy(v -> assertThat(v.message()).contains("YAML tags are not allowed"));
    }

    @Test
    void refusesASecondYamlDocument() {
        byte[] manifest = (new String(release.manifestBytes(), StandardCharsets.UTF_8) + "\n---\nagent: other\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(fields(violations(() -> ReleaseLoader.load(ReleaseSource.inMemory("release.yaml", manifest, release.files())))))
                .containsExactly("manifest");
    }

    @Test
    void refusesPathsEscapingTheReleaseDirectory() {
        Map<String, Object> prompts = release.section("prompts");
        prompts.put("system", "../secrets/system.md");
        prompts.put("triage", "/etc/passwd");
        release.manifest.put("tools", List.of("tools/../../x.yaml", "tools\\create_ticket.json"));
        List<Violation> v = violations();
        assertThat(fields(v)).containsExactlyInAnyOrder("prompts.system", "prompts.triage", "tools[0]", "tools[1]");
        assertThat(v).filteredOn(x -> x.field().equals("prompts.system")).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("'..'"));
        assertThat(v).filteredOn(x -> x.field().equals("prompts.triage")).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("absolute"));
    }

    @Test
    void refusesSymlinksOutOfTheReleaseDirectory(@TempDir Path tmp) throws Exception {
        Path outside = Files.writeString(tmp.resolve("outside.md"), "not part of the release");
        Path dir = Files.createDirectories(tmp.resolve("release"));
        release.writeTo(dir);
        Files.delete(dir.resolve("prompts/system.md"));
        Files.createSymbolicLink(dir.resolve("prompts/system.md"), outside);
        List<Violation> v = violations(() -> ReleaseLoader.load(ReleaseSource.directory(dir)));
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("prompts.system");
            assertThat(x.message()).contains("outside the release directory");
        });
    }

    @Test
    void followsSymlinksThatStayInsideTheReleaseDirectory(@TempDir Path dir) throws Exception {
        release.writeTo(dir);
        Files.move(dir.resolve("prompts/system.md"), dir.resolve("shared-system.md"));
        Files.createSymbolicLink(dir.resolve("prompts/system.md"), Path.of("../shared-system.md"));
        assertThat(ReleaseLoader.load(ReleaseSource.directory(dir)).release().digest())
                .isEqualTo(Fixtures.release().digest());
    }

    @Test
    void refusesAMissingReferencedFile() {
        release.raw.remove("prompts/triage.md");
        release.tools.remove("tools/create_ticket.json");
        release.raw.remove("evals/suite.yaml");
        List<Violation> v = violations();
        assertThat(fields(v)).containsExactlyInAnyOrder("prompts.triage", "tools[1]", "evals.suite");
        assertThat(v).allSatisfy(x -> assertThat(x.message()).contains("not found"));
    }

    @Test
    void refusesAMissingManifest(@TempDir Path dir) {
        assertThat(violations(() -> ReleaseLoader.load(ReleaseSource.directory(dir)))).singleElement()
                .satisfies(v -> assertThat(v).isEqualTo(new Violation("manifest", "release.yaml not found")));
    }

    @Test
    void refusesAnUnsupportedApiVersion() {
        release.manifest.put("apiVersion", "slipway.dev/v2");
        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("apiVersion");
            assertThat(v.message()).contains("slipway.dev/v2").contains("slipway.dev/v1");
        });
    }

    @Test
    void refusesABadAgentName() {
        for (String name : List.of("Support_Triage", "-triage", "triage-", "a".repeat(64), "support triage")) {
            release.manifest.put("agent", name);
            assertThat(fields(violations())).as(name).containsExactly("agent");
        }
    }

    @Test
    void refusesNumbersThatCanonicalJsonCannotCarryExactly() {
        Map<String, Object> parameters = new java.util.LinkedHashMap<>();
        parameters.put("seed", 9007199254740993L);
        release.section("model").put("parameters", parameters);
        assertThat(fields(violations())).containsExactly("model.parameters.seed");
    }

    @Test
    void refusesAPromptThatIsNotUtf8() {
        release.raw.put("prompts/system.md", new byte[]{'h', 'i', (byte) 0xC3, '!'});
        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("prompts.system");
            assertThat(v.message()).contains("UTF-8");
        });
    }

    @Test
    void refusesAStringFieldWrittenAsANumber() {
        release.section("code").put("commit", 1234567890);
        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("code.commit");
            assertThat(v.message()).contains("quote it");
        });
    }

    @Test
    void reportsEveryViolationAtOnce() {
        release.manifest.put("agent", "Bad Agent");
        release.section("code").put("commit", "HEAD");
        release.section("model").put("snapshot", "latest");
        release.section("index").put("buildDigest", "none");
        release.tool("tools/search_kb.yaml").put("scopes", new ArrayList<>());
        release.raw.remove("prompts/triage.md");
        release.manifest.put("extra", true);
        assertThat(fields(violations())).containsExactlyInAnyOrder("agent", "code.commit", "model.snapshot",
                "index.buildDigest", "tools[0].scopes", "prompts.triage", "extra");
    }

    /** Enough files for the loader's parallel path; the violations still come back complete and in manifest order. */
    private static Fixtures.Files large() {
        Fixtures.Files files = new Fixtures.Files();
        List<String> tools = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String path = "tools/t" + i + (i % 2 == 0 ? ".yaml" : ".json");
            Map<String, Object> tool = Fixtures.toolMap(Fixtures.searchKb());
            tool.put("name", "tool_" + i);
            files.tools.put(path, tool);
            tools.add(path);
        }
        files.manifest.put("tools", tools);
        files.tools.keySet().retainAll(tools);
        for (int i = 0; i < 30; i++) {
            files.section("prompts").put("p" + i, "prompts/p" + i + ".md");
            files.text("prompts/p" + i + ".md", "Prompt number " + i + "\n");
        }
        return files;
    }

    @Test
    void aLargeReleaseLoadsTheSameAsTheObjectModel() {
        Fixtures.Files files = large();
        Release loaded = files.load().release();
        assertThat(loaded.prompts()).hasSize(32);
        assertThat(loaded.tools()).hasSize(12);
        Release rebuilt = new Release(loaded.agent(), loaded.code(), loaded.model(), loaded.prompts(), loaded.tools(), loaded.index());
        assertThat(rebuilt.digest()).isEqualTo(loaded.digest());
        assertThat(rebuilt.partDigests()).isEqualTo(loaded.partDigests());
    }

    @Test
    void reportsViolationsFromEveryFileOfALargeRelease() {
        Fixtures.Files files = large();
        files.tool("tools/t3.json").put("scopes", List.of());
        files.tool("tools/t8.yaml").put("name", "tool_1");
        files.tool("tools/t11.json").put("extra", 1);
        files.raw.remove("prompts/p17.md");
        files.text("prompts/p5.md", "x".repeat(2 * 1024 * 1024));
        assertThat(fields(violations(files::load))).containsExactly(
                "prompts.p5", "prompts.p17", "tools[3].scopes", "tools[11].extra", "tools[8].name");
    }

    @Test
    void theObjectModelIsValidatedToo() {
        ReleaseValidationException e = catchThrowableOfType(ReleaseValidationException.class, () -> new Release("demo",
                new CodePart("repo", "main", null), Fixtures.model(), Fixtures.prompts(),
                List.of(Fixtures.searchKb(), Fixtures.searchKb()), Fixtures.index()));
        assertThat(fields(e.violations())).containsExactlyInAnyOrder("code.commit", "tools[1].name");
        assertThat(e.getMessage()).contains("2 violations").contains("code.commit");
    }

    @Test
    void theDirectorySourceRefusesPathsOutsideItsRoot(@TempDir Path dir) throws Exception {
        release.writeTo(dir);
        ReleaseSource source = ReleaseSource.directory(dir);
        assertThatThrownBy(() -> source.read("../x", 1024)).isInstanceOf(ReleaseSource.UnsafePathException.class);
        assertThatThrownBy(() -> source.read("/etc/hostname", 1024)).isInstanceOf(ReleaseSource.UnsafePathException.class);
        assertThat(source.read("prompts/none.md", 1024)).isEmpty();
    }
}
