package dev.slipway.builder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import java.nio.file.Path;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.events.Topics;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.auth.SignedIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * What is signed must be what was written: bodies the builder must refuse with an RFC 7807 problem naming the field,
 * publishing nothing. One test per case.
 */
@SignedIn("alice")
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
class HostileRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void a_yaml_alias_in_the_manifest_is_refused_naming_the_line() {
        ObjectNode body = sample();
        body.put("manifest", body.get("manifest").asText()
                .replace("temperature: 0.2", "temperature: &t 0.2").replace("top_p: 0.9", "top_p: *t"));
        refused(body, 422, "invalid-release", "manifest").body("violations[0].message",
                containsString("YAML aliases are not allowed (*t)"));
    }

    @Test
    void a_yaml_tag_in_the_manifest_is_refused() {
        ObjectNode body = sample();
        body.put("manifest", body.get("manifest").asText()
                .replace("agent: support-triage", "agent: !!java/object:java.net.URL support-triage"));
        refused(body, 422, "invalid-release", "manifest").body("violations[0].message",
                containsString("YAML tags are not allowed"));
    }

    @Test
    void a_number_sent_as_a_files_text_is_refused_not_coerced() {
        ObjectNode body = sample();
        ((ObjectNode) body.get("files")).put("prompts/system.md", 42);
        refused(body, 400, "unreadable-body", "files['prompts/system.md']").body("violations[0].message",
                containsString("must be a string (the file's text), was a number"));
    }

    @Test
    void an_unpaired_surrogate_in_a_prompt_is_refused_not_stored_as_a_question_mark() {
        ObjectNode body = sample();
        ((ObjectNode) body.get("files")).put("prompts/system.md", "You are SURROGATE helpful.");
        // The escape must reach the server as written: a Java string holding the lone surrogate would be sent as '?'.
        refused(body.toString().replace("SURROGATE", "\\ud800"), 422, "invalid-release", "files['prompts/system.md']").body("violations[0].message",
                containsString("unpaired surrogate"));
    }

    @Test
    void a_missing_manifest_is_refused_naming_it() {
        ObjectNode body = sample();
        body.putNull("manifest");
        refused(body, 422, "invalid-release", "manifest");
    }

    @Test
    void a_missing_manifest_name_is_refused_naming_it() {
        ObjectNode body = sample();
        body.remove("manifestName");
        refused(body, 422, "invalid-release", "manifestName");
    }

    @Test
    void a_manifest_name_outside_the_release_is_refused() {
        ObjectNode body = sample();
        body.put("manifestName", "../../etc/release.yaml");
        refused(body, 422, "invalid-release", "manifestName").body("violations[0].message",
                containsString("must be release.yaml, release.yml or release.json"));
    }

    @Test
    void a_missing_files_text_is_refused_naming_the_file() {
        ObjectNode body = sample();
        ((ObjectNode) body.get("files")).putNull("prompts/triage.md");
        refused(body, 422, "invalid-release", "files['prompts/triage.md']");
    }

    @Test
    void an_empty_prompt_and_a_nul_character_are_refused_naming_the_prompt() {
        ObjectNode body = sample();
        ((ObjectNode) body.get("files")).put("prompts/triage.md", "");
        ((ObjectNode) body.get("files")).put("prompts/system.md", "line one\nline\u0000two");
        given().contentType(ContentType.JSON).body(body.toString()).when().post("/api/v1/releases")
                .then().statusCode(422)
                .body("violations.field", hasItem("prompts.triage"))
                .body("violations.field", hasItem("prompts.system"))
                .body("violations.message", hasItem(containsString("is empty")))
                .body("violations.message", hasItem(containsString("NUL character (U+0000) on line 2")));
    }

    @Test
    void malformed_json_is_a_problem_with_its_line_and_no_java_names() {
        given().contentType(ContentType.JSON).body("{\"manifestName\": \"release.yaml\",\n \"manifest\": tru")
                .when().post("/api/v1/releases")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("malformed JSON"))
                .body("detail", containsString("line 2"))
                .body("detail", not(containsString("java")))
                .body("detail", not(containsString("jackson")));
    }

    @Test
    void a_non_finite_number_is_refused_under_its_field() {
        ObjectNode body = sample();
        body.put("manifest", body.get("manifest").asText().replace("temperature: 0.2", "temperature: .nan"));
        refused(body, 422, "invalid-release", "model.parameters.temperature").body("violations[0].message",
                containsString(".nan is not a finite number"));
    }

    @Test
    void a_body_without_content_type_is_refused() throws Exception {
        long before = published();
        // The JDK client sends no Content-Type unless told (REST Assured would add one).
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                        + "/api/v1/releases"))
                .header("Authorization", "Bearer " + dev.slipway.testkit.TestTokens.everyone("alice"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(sample().toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).at("/violations/0/field").asText()).isEqualTo("Content-Type");
        assertThat(published()).as("nothing published").isEqualTo(before);
    }

    @Test
    void prompts_at_the_size_limit_filling_the_release_are_published() {
        ObjectNode body = withPrompts(sample(), 15, MIB);
        String digest = given().contentType(ContentType.JSON).body(body.toString()).when().post("/api/v1/releases")
                .then().statusCode(201).extract().path("digest");
        String content = given().when().get("/api/v1/releases/" + digest + "/content").then().statusCode(200)
                .extract().asString();
        assertThat(content).contains("\"name\":\"p14\"").hasSizeGreaterThan(15 * MIB);
    }

    @Test
    void ten_thousand_small_prompts_are_published() {
        ObjectNode body = withPrompts(sample(), 10_000, 60);
        given().contentType(ContentType.JSON).body(body.toString()).when().post("/api/v1/releases")
                .then().statusCode(201)
                .body("prompts.size()", equalTo(10_002));
    }

    @Test
    void a_release_over_the_release_limit_is_refused_naming_the_limit() {
        refused(withPrompts(sample(), 17, MIB), 422, "invalid-release", "release").body("violations[0].message",
                containsString("over the release size limit of 16 MiB"));
    }

    @Test
    void a_body_over_the_body_limit_is_refused_before_it_is_read() {
        long before = published();
        byte[] body = new byte[33 * MIB];
        java.util.Arrays.fill(body, (byte) ' ');
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/releases")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("body"))
                .body("detail", containsString("over the body limit of 32 MiB"));
        assertThat(published()).as("nothing published").isEqualTo(before);
    }

    @Test
    void builds_beyond_the_concurrency_limit_are_turned_away_until_one_ends() throws Exception {
        java.net.URL url = new java.net.URL(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        // Two uploads that announce a body and never finish it hold both build slots.
        try (java.net.Socket first = startUpload(url); java.net.Socket second = startUpload(url)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                    given().contentType(ContentType.JSON).body(sample().toString()).when().post("/api/v1/releases")
                            .then().statusCode(503)
                            .header("Retry-After", "1")
                            .contentType("application/problem+json")
                            .body("type", containsString("builder-busy")));
        }
        // A release of its own: the sample itself must stay unpublished for the other tests of this application.
        ObjectNode own = sample();
        ((ObjectNode) own.get("files")).put("prompts/system.md", "You triage tickets after a busy spell.\n");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().contentType(ContentType.JSON).body(own.toString()).when().post("/api/v1/releases")
                        .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)));
    }

    private static java.net.Socket startUpload(java.net.URL url) throws java.io.IOException {
        java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort());
        socket.getOutputStream().write(("POST /api/v1/releases HTTP/1.1\r\nHost: " + url.getHost()
                + "\r\nAuthorization: Bearer " + dev.slipway.testkit.TestTokens.everyone("alice")
                + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"manifest\":")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static final int MIB = 1024 * 1024;

    /** The sample with {@code count} more prompts of {@code size} bytes each. */
    private static ObjectNode withPrompts(ObjectNode body, int count, int size) {
        StringBuilder entries = new StringBuilder("prompts:\n");
        ObjectNode files = (ObjectNode) body.get("files");
        for (int i = 0; i < count; i++) {
            entries.append("  p").append(i).append(": prompts/p").append(i).append(".md\n");
            String head = "prompt " + i + " ";
            files.put("prompts/p" + i + ".md", head + "x".repeat(size - head.length()));
        }
        body.put("manifest", body.get("manifest").asText().replace("prompts:\n", entries.toString()));
        return body;
    }

    private ValidatableResponse refused(ObjectNode body, int status, String type, String field) {
        return refused(body.toString(), status, type, field);
    }

    private ValidatableResponse refused(String body, int status, String type, String field) {
        long before = published();
        ValidatableResponse response = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/releases")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("type", containsString(type))
                .body("violations[0].field", equalTo(field));
        // The author's own text may name Java (a tag); Slipway's words never name its classes or libraries.
        assertThat(response.extract().asString()).doesNotContain("java.lang").doesNotContain("dev.slipway")
                .doesNotContain("Jackson").doesNotContain("Exception");
        assertThat(published()).as("nothing published").isEqualTo(before);
        return response;
    }

    private long published() {
        return AvroTopics.readAll(bootstrap, registryUrl, Topics.RELEASES.name()).size();
    }

    private static ObjectNode sample() {
        return JSON.valueToTree(ReleaseBundle.fromDirectory(Path.of("..", "examples", "support-triage")));
    }
}
