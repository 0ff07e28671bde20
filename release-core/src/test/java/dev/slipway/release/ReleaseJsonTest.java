package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The full-content JSON form: Jackson, canonical JSON, and the way back. */
class ReleaseJsonTest {

    private static final Release RELEASE = Fixtures.release();

    @Test
    void jacksonWritesTheSameContentAsTheCanonicalForm() throws Exception {
        String jackson = Fixtures.MAPPER.writeValueAsString(RELEASE);
        assertThat(CanonicalJson.canonicalize(jackson)).isEqualTo(RELEASE.toCanonicalJson());
        JsonNode tree = Fixtures.MAPPER.readTree(jackson);
        assertThat(tree.fieldNames()).toIterable().containsExactly("apiVersion", "agent", "code", "model", "prompts", "tools", "index");
        assertThat(tree.path("prompts").get(0).path("text").asText()).isEqualTo("You are a careful support agent.\n\nBe brief.\n");
        assertThat(tree.path("prompts").get(0).has("digest")).isFalse();
    }

    @Test
    void jacksonReadsAReleaseBackWithTheSameDigest() throws Exception {
        Release back = Fixtures.MAPPER.readValue(Fixtures.MAPPER.writeValueAsString(RELEASE), Release.class);
        assertThat(back.digest()).isEqualTo(RELEASE.digest());
        assertThat(back).isEqualTo(RELEASE);
    }

    @Test
    void fromCanonicalJsonAcceptsAnyKeyOrderAndWhitespace() throws Exception {
        JsonNode tree = Fixtures.MAPPER.readTree(RELEASE.toCanonicalJson());
        String pretty = Fixtures.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        assertThat(Release.fromCanonicalJson(pretty).digest()).isEqualTo(RELEASE.digest());
    }

    @Test
    void fromCanonicalJsonRevalidates() throws Exception {
        ObjectNode tree = (ObjectNode) Fixtures.MAPPER.readTree(RELEASE.toCanonicalJson());
        ((ObjectNode) tree.path("model")).put("snapshot", "latest");
        ((ObjectNode) tree.path("tools").get(0)).putArray("scopes");
        ReleaseValidationException e = catchThrowableOfType(ReleaseValidationException.class,
                () -> Release.fromCanonicalJson(tree.toString()));
        assertThat(e.violations()).extracting(Violation::field).containsExactlyInAnyOrder("model.snapshot", "tools[0].scopes");
    }

    @Test
    void fromCanonicalJsonRefusesUnknownFieldsAndOtherVersions() throws Exception {
        ObjectNode tree = (ObjectNode) Fixtures.MAPPER.readTree(RELEASE.toCanonicalJson());
        ((ObjectNode) tree.path("tools").get(1)).put("secretScope", "admin:*");
        assertThat(catchThrowableOfType(ReleaseValidationException.class, () -> Release.fromCanonicalJson(tree.toString()))
                .violations()).extracting(Violation::field).containsExactly("tools[1].secretScope");

        ObjectNode v2 = (ObjectNode) Fixtures.MAPPER.readTree(RELEASE.toCanonicalJson());
        v2.put("apiVersion", "slipway.dev/v2");
        assertThat(catchThrowableOfType(ReleaseValidationException.class, () -> Release.fromCanonicalJson(v2.toString()))
                .violations()).extracting(Violation::field).containsExactly("apiVersion");

        assertThat(catchThrowableOfType(ReleaseValidationException.class, () -> Release.fromCanonicalJson("{nope"))
                .violations()).extracting(Violation::field).containsExactly("release");
    }

    @Test
    void fromCanonicalJsonAppliesTheSizeLimit() {
        Release big = new Release("demo", Fixtures.code(), Fixtures.model(), List.of(new Prompt("system", "x".repeat(2048))),
                Fixtures.tools(), Fixtures.index());
        assertThat(catchThrowableOfType(ReleaseValidationException.class, () -> Release.fromCanonicalJson(big.toCanonicalJson(),
                ReleaseLimits.DEFAULT.withMaxPromptBytes(2047))).violations()).extracting(Violation::field)
                .containsExactly("prompts.system");
    }

    @Test
    void schemasAndParametersCannotBeChangedFromOutside() {
        Release release = Fixtures.release();
        String digest = release.digest();
        ((ObjectNode) release.tools().get(0).inputSchema()).put("type", "string");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> release.model().parameters().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(Release.fromCanonicalJson(release.toCanonicalJson()).digest()).isEqualTo(digest);
    }

    @Test
    void theToolsPartIsTheCanonicalJsonOfTheToolListSortedByName() {
        // The tools part is assembled from per-tool canonical forms; it must equal canonicalising the whole list.
        assertThat(RELEASE.partCanonicalJson(Part.TOOLS)).isEqualTo(CanonicalJson.of(RELEASE.tools()));
        assertThat(RELEASE.partCanonicalJson(Part.TOOLS)).startsWith("[{\"description\":\"Create the triaged ticket.\"");
        assertThat(RELEASE.partCanonicalJson(Part.CODE)).isEqualTo(CanonicalJson.of(RELEASE.code()));
        assertThat(RELEASE.partDigest(Part.TOOLS)).isEqualTo(Digests.sha256(
                CanonicalJson.of(RELEASE.tools()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void theReleaseDocumentNamesEachPartDigest() {
        assertThat(RELEASE.releaseCanonicalJson()).isEqualTo("{\"agent\":\"demo\",\"apiVersion\":\"slipway.dev/v1\",\"parts\":{"
                + "\"code\":\"" + RELEASE.partDigest(Part.CODE) + "\",\"index\":\"" + RELEASE.partDigest(Part.INDEX)
                + "\",\"model\":\"" + RELEASE.partDigest(Part.MODEL) + "\",\"prompts\":\"" + RELEASE.partDigest(Part.PROMPTS)
                + "\",\"tools\":\"" + RELEASE.partDigest(Part.TOOLS) + "\"}}");
        assertThat(RELEASE.digest()).isEqualTo(Digests.sha256(
                RELEASE.releaseCanonicalJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void parametersAsCanonicalJson() {
        assertThat(Fixtures.model().parametersAsCanonicalJson()).containsExactly(
                java.util.Map.entry("max_tokens", "1024"), java.util.Map.entry("temperature", "0.2"));
    }
}
