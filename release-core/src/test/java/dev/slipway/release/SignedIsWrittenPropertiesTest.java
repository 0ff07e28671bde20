package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What is signed is what was written: for any manifest the loader accepts, the signed content (the canonical JSON,
 * read back) holds the same values that an independent YAML reader (SnakeYAML, on its own) sees in the files —
 * model parameters of any JSON shape, tool descriptions, scopes and input schemas, prompt texts byte for byte. The
 * strings include the ones YAML readers are known to disagree on (yes, on, 0x1F, 1_000, 2025-05-14, ~, .nan, leading
 * and trailing blanks, line separators, astral characters); the writer picks block or flow style and quoting at
 * random.
 */
class SignedIsWrittenPropertiesTest {

    private static final List<String> TRICKY = List.of("yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "False",
            "null", "Null", "~", "", " ", "0x1F", "0o17", "017", "1_000", "1:20", "1e3", "-.5", ".nan", ".Inf", "2025-05-14",
            "2001-12-14t21:59:43.10-05:00", "12:30", "=", "<<", "- a", "a: b", "#x", "&a", "*a", "!tag", "%", "@", "`",
            "|", ">", "'", "\"", "{", "[", "\t", "line\nnext", "crlf\r\n", "nel\u0085x", "ls\u2028x", "\ufeffbom",
            " lead", "trail ", "\u00e9t\u00e9", "\ud83d\ude80 rocket", "\\", "a\\nb");

    @Property(tries = 300)
    void theSignedContentHoldsWhatAYamlReaderSees(@ForAll("manifests") Written written) {
        LoadedRelease loaded;
        try {
            loaded = ReleaseLoader.load(written.source());
        } catch (ReleaseValidationException refused) {
            net.jqwik.api.statistics.Statistics.collect("refused");
            return; // A refusal is always allowed; what is accepted must be exactly what was written.
        }
        net.jqwik.api.statistics.Statistics.collect("accepted");
        // Not a property of refusals only: most generated manifests must be accepted and compared.
        net.jqwik.api.statistics.Statistics.coverage(c -> c.check("accepted").percentage(p -> p > 40));
        Release signed = Release.fromCanonicalJson(loaded.release().toCanonicalJson());
        assertThat(signed.digest()).isEqualTo(loaded.release().digest());

        Map<String, Object> manifest = read(written.manifestName(), written.manifest());
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>) manifest.get("model")).get("parameters");
        Map<String, Object> signedParameters = new TreeMap<>();
        signed.model().parameters().forEach((k, v) -> signedParameters.put(k, plain(v)));
        assertThat(signedParameters).as("model.parameters").isEqualTo(normalise(parameters));

        Map<String, Object> tool = read(written.toolPath(), written.tool());
        Tool signedTool = signed.tools().get(0);
        assertThat(signedTool.description()).isEqualTo(tool.get("description"));
        assertThat(signedTool.scopes()).containsExactlyInAnyOrderElementsOf(
                new java.util.TreeSet<>(castList(tool.get("scopes"))));
        assertThat(plain(signedTool.inputSchema())).isEqualTo(normalise(tool.get("inputSchema")));

        assertThat(signed.prompts().get(0).text().getBytes(StandardCharsets.UTF_8)).isEqualTo(written.prompt());
    }

    @Property(tries = 300)
    void aPlainScalarIsSignedAsTheYamlReaderReadsItOrRefused(@ForAll("plainScalars") String scalar,
            @ForAll("plainScalars") String parameter) {
        Fixtures.Files files = new Fixtures.Files();
        String manifest = new String(files.manifestBytes(), StandardCharsets.UTF_8)
                .replace("temperature: 0.2", "temperature: " + parameter);
        Map<String, byte[]> out = new LinkedHashMap<>(files.files());
        String tool = new String(out.get("tools/search_kb.yaml"), StandardCharsets.UTF_8);
        tool = tool.replaceFirst("(?m)^description: .*$", "description: " + scalar);
        out.put("tools/search_kb.yaml", tool.getBytes(StandardCharsets.UTF_8));
        byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
        Release signed;
        try {
            signed = ReleaseLoader.load(ReleaseSource.inMemory("release.yaml", manifestBytes, out)).release();
        } catch (ReleaseValidationException refused) {
            net.jqwik.api.statistics.Statistics.collect("refused");
            return;
        }
        net.jqwik.api.statistics.Statistics.collect("accepted");
        net.jqwik.api.statistics.Statistics.coverage(c -> c.check("accepted").percentage(p -> p > 20));
        Map<String, Object> toolAsRead = read("tools/search_kb.yaml", tool.getBytes(StandardCharsets.UTF_8));
        assertThat(signed.tools().stream().filter(t -> t.name().equals("search_kb")).findFirst().orElseThrow()
                .description()).isEqualTo(toolAsRead.get("description"));
        @SuppressWarnings("unchecked")
        Object temperature = ((Map<String, Object>) ((Map<String, Object>) read("release.yaml", manifestBytes)
                .get("model")).get("parameters")).get("temperature");
        assertThat(plain(signed.model().parameters().get("temperature"))).isEqualTo(normalise(temperature));
    }

    @Provide
    Arbitrary<String> plainScalars() {
        return Arbitraries.oneOf(Arbitraries.of("yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "False",
                "TRUE", "null", "Null", "~", "0x1F", "0o17", "017", "1_000", "1:20", "190:20:30", "1e3", "1.5e3", "-.5",
                "+12", ".5", "2025-05-14", "2001-12-14t21:59:43.10-05:00", "12:30", "=", "<<", "0b101", "Off",
                "plain words", "a-b_c", "3.14", "42", "-7", "0", "0.0"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6));
    }

    @Provide
    Arbitrary<Written> manifests() {
        Arbitrary<Map<String, Object>> parameters = Arbitraries.maps(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8), value(2))
                .ofMaxSize(5).map(m -> new LinkedHashMap<>(m));
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of(TRICKY), Arbitraries.strings().ofMaxLength(20),
                anyText(10));
        Arbitrary<String> prompt = Arbitraries.oneOf(Arbitraries.of(TRICKY), anyText(30));
        Arbitrary<Boolean> json = Arbitraries.of(true, false);
        Arbitrary<Boolean> flow = Arbitraries.of(true, false);
        Arbitrary<DumperOptions.ScalarStyle> quoting = Arbitraries.of(DumperOptions.ScalarStyle.PLAIN,
                DumperOptions.ScalarStyle.DOUBLE_QUOTED, DumperOptions.ScalarStyle.SINGLE_QUOTED,
                DumperOptions.ScalarStyle.LITERAL, DumperOptions.ScalarStyle.FOLDED);
        return Combinators.combine(parameters, text, text, prompt, json, flow, quoting)
                .as((params, description, schemaTitle, promptText, asJson, flowStyle, style) -> {
                    Fixtures.Files files = new Fixtures.Files();
                    files.section("model").put("parameters", params);
                    files.manifest.put("prompts", Fixtures.map("only", "prompts/only.md"));
                    files.manifest.put("tools", new ArrayList<>(List.of(asJson ? "tools/t.json" : "tools/t.yaml")));
                    Map<String, Object> tool = Fixtures.map("name", "lookup", "description", description,
                            "inputSchema", Fixtures.map("type", "object", "title", schemaTitle,
                                    "properties", Fixtures.map("id", Fixtures.map("type", "string"))),
                            "scopes", List.of("kb:read"), "maxCallsPerTask", 3);
                    String manifestName = asJson ? "release.json" : "release.yaml";
                    String toolPath = asJson ? "tools/t.json" : "tools/t.yaml";
                    Map<String, byte[]> out = new LinkedHashMap<>(files.raw);
                    out.keySet().removeIf(p -> p.startsWith("prompts/"));
                    byte[] promptBytes = promptText.getBytes(StandardCharsets.UTF_8);
                    out.put("prompts/only.md", promptBytes);
                    byte[] toolBytes = write(toolPath, tool, flowStyle, style);
                    out.put(toolPath, toolBytes);
                    byte[] manifest = write(manifestName, files.manifest, flowStyle, style);
                    return new Written(manifestName, manifest, toolPath, toolBytes, promptBytes, out);
                });
    }

    /** Any Unicode text (a lone surrogate is not text, and is refused: ReleaseValidationTest). */
    private static Arbitrary<String> anyText(int maxLength) {
        return Arbitraries.strings().all().ofMaxLength(maxLength).filter(Text::isWellFormed);
    }

    private static Arbitrary<Object> value(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.of(TRICKY).map(s -> s),
                Arbitraries.strings().ofMaxLength(12).map(s -> s),
                anyText(12).map(s -> s),
                Arbitraries.integers().map(i -> i),
                Arbitraries.longs().between(-(1L << 53) + 1, (1L << 53) - 1).map(l -> l),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(3).map(d -> d.doubleValue()),
                Arbitraries.of(true, false).map(b -> b));
        if (depth == 0) {
            return scalar;
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalar),
                net.jqwik.api.Tuple.of(1, value(depth - 1).list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l))),
                net.jqwik.api.Tuple.of(1, Arbitraries.maps(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
                        .ofMaxLength(5), value(depth - 1)).ofMaxSize(3).map(m -> (Object) new LinkedHashMap<>(m))));
    }

    record Written(String manifestName, byte[] manifest, String toolPath, byte[] tool, byte[] prompt,
            Map<String, byte[]> files) {
        ReleaseSource source() {
            return ReleaseSource.inMemory(manifestName, manifest, files);
        }

        @Override
        public String toString() {
            return manifestName + ":\n" + new String(manifest, StandardCharsets.UTF_8) + "\n" + toolPath + ":\n"
                    + new String(tool, StandardCharsets.UTF_8);
        }
    }

    private static byte[] write(String path, Object value, boolean flow, DumperOptions.ScalarStyle style) {
        if (path.endsWith(".json")) {
            return Fixtures.Files.write(path, value);
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(flow ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK);
        options.setDefaultScalarStyle(style);
        options.setAllowUnicode(true);
        options.setWidth(60);
        return new Yaml(options).dump(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The independent reader: SnakeYAML on its own for YAML; a plain JSON reader for JSON. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String path, byte[] bytes) {
        if (path.endsWith(".json")) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readValue(bytes, Map.class);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return (Map<String, Object>) new Yaml(new LoaderOptions()).load(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Plain Java values, numbers as exact decimals, for comparing a YAML reader's values with the signed JSON. */
    private static Object normalise(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), normalise(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SignedIsWrittenPropertiesTest::normalise).toList();
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros();
        }
        return value;
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            node.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(n -> out.add(plain(n)));
            return out;
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return null;
        }
        return node.textValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }
}
