package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed examples/support-triage release must produce its committed digest. A failure means either the example
 * changed (update the golden files) or canonicalisation changed (a breaking change: every existing digest moves).
 * The expected values were cross-checked with an independent implementation (Python json + hashlib).
 */
class GoldenVectorTest {

    private static final JsonMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT, SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private static String resource(String name) throws IOException {
        try (InputStream in = GoldenVectorTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("test resource golden/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static Release example() {
        return ReleaseLoader.load(ReleaseSource.directory(Fixtures.EXAMPLE)).release();
    }

    /** Pretty-printed so that a mismatch shows as a readable line diff before the exact comparison. */
    private static String pretty(String json) throws IOException {
        JsonNode tree = PRETTY.readTree(json);
        return PRETTY.writeValueAsString(PRETTY.treeToValue(tree, Object.class));
    }

    @Test
    void fullCanonicalJsonIsUnchanged() throws IOException {
        String expected = resource("support-triage.canonical.json");
        String actual = example().toCanonicalJson();
        assertThat(pretty(actual)).isEqualTo(pretty(expected));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void partDigestsAreUnchanged() throws IOException {
        JsonNode expected = PRETTY.readTree(resource("support-triage.parts.json"));
        Map<Part, String> actual = new EnumMap<>(example().partDigests());
        ObjectNode actualJson = PRETTY.createObjectNode();
        actual.forEach((part, digest) -> actualJson.put(part.key(), digest));
        assertThat(PRETTY.writeValueAsString(actualJson)).isEqualTo(PRETTY.writeValueAsString(expected));
    }

    @Test
    void releaseDigestIsUnchanged() throws IOException {
        assertThat(example().digest()).isEqualTo(resource("support-triage.digest"));
    }

    @Test
    void theCanonicalJsonRoundTripsToTheSameDigest() throws IOException {
        Release fromJson = Release.fromCanonicalJson(resource("support-triage.canonical.json"));
        assertThat(fromJson.digest()).isEqualTo(resource("support-triage.digest"));
        assertThat(fromJson.partDigests()).isEqualTo(example().partDigests());
    }

    @Test
    void theExamplePassesItsEvalGate() {
        LoadedRelease loaded = ReleaseLoader.load(ReleaseSource.directory(Fixtures.EXAMPLE));
        EvalReport report = loaded.evaluate();
        assertThat(report.verdict()).isEqualTo(EvalReport.Verdict.PASSED);
        assertThat(report.score()).isEqualTo(1.0);
        assertThat(report.cases()).hasSize(10);
    }
}
