package dev.slipway.builder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.slipway.service.ReleaseEvents;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.ReleaseLabelBound;
import dev.slipway.events.Topics;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.SignatureVerifier;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.auth.SignedIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Build, look up, list, diff and verify releases through the REST API, a real broker and a real registry. */
@SignedIn("alice")
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
class ReleaseApiTest {

    static final Path SAMPLE = Path.of("..", "examples", "support-triage");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void a_built_release_is_published_once_signed_and_readable_back_from_the_topic() {
        ReleaseBundle bundle = ReleaseBundle.fromDirectory(SAMPLE);

        String digest = given().contentType(ContentType.JSON).body(bundle)
                .when().post("/api/v1/releases")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/releases/sha256:"))
                .body("agent", equalTo("support-triage"))
                .body("created", equalTo(true))
                .body("evaluation.verdict", equalTo("PASSED"))
                .extract().path("digest");

        List<ConsumerRecord<String, ReleaseBuilt>> published = releasesWithDigest(digest);
        assertThat(published).hasSize(1);
        ReleaseBuilt event = published.get(0).value();
        assertThat(published.get(0).key()).isEqualTo(digest);
        assertThat(event.getBuiltBy()).isEqualTo("alice");
        assertThat(SignatureVerifier.verify(digest, ReleaseEvents.signatureOf(event))).isTrue();

        // Same content again: same digest, 200, and no second event.
        given().contentType(ContentType.JSON).body(bundle)
                .when().post("/api/v1/releases")
                .then().statusCode(200)
                .body("digest", equalTo(digest))
                .body("created", equalTo(false));
        assertThat(releasesWithDigest(digest)).hasSize(1);

        given().when().get("/api/v1/releases/" + digest + "/verification")
                .then().statusCode(200)
                .body("contentMatchesDigest", equalTo(true))
                .body("signatureValid", equalTo(true))
                .body("trusted", equalTo(true));
    }

    @Test
    void editing_one_prompt_line_gives_a_new_digest_and_the_diff_shows_exactly_that_line() {
        ReleaseBundle original = ReleaseBundle.fromDirectory(SAMPLE);
        ReleaseBundle edited = withFile(original, "prompts/system.md", text -> text.replaceFirst("\n", "\nAlways answer in English.\n"));

        String before = build(original);
        String after = build(edited);
        assertThat(after).isNotEqualTo(before);

        String text = given().when().get("/api/v1/releases/" + before + "/diff/" + after)
                .then().statusCode(200)
                .body("changedParts", equalTo(List.of("PROMPTS")))
                .extract().path("text");
        assertThat(text).contains("+Always answer in English.");
        assertThat(text.lines().filter(l -> l.startsWith("+") && !l.startsWith("+++"))).hasSize(1);
        assertThat(text.lines().filter(l -> l.startsWith("-") && !l.startsWith("---"))).isEmpty();
    }

    @Test
    void a_label_binds_once_and_never_moves() {
        ReleaseBundle original = ReleaseBundle.fromDirectory(SAMPLE);
        String digest = given().contentType(ContentType.JSON).body(original).queryParam("label", "v2.3")
                .when().post("/api/v1/releases")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)))
                .body("labels", hasItem("v2.3"))
                .extract().path("digest");
        given().when().get("/api/v1/releases/support-triage@v2.3")
                .then().statusCode(200).body("digest", equalTo(digest));

        ReleaseBundle other = withFile(original, "prompts/triage.md", text -> text + "\nOne more rule.\n");
        int releasesBefore = AvroTopics.readAll(bootstrap, registryUrl, Topics.RELEASES.name()).size();
        given().contentType(ContentType.JSON).body(other).queryParam("label", "v2.3")
                .when().post("/api/v1/releases")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("label"));
        assertThat(AvroTopics.readAll(bootstrap, registryUrl, Topics.RELEASES.name())).hasSize(releasesBefore);
        List<ConsumerRecord<String, ReleaseLabelBound>> labels =
                AvroTopics.readAll(bootstrap, registryUrl, Topics.RELEASE_LABELS.name());
        assertThat(labels).filteredOn(r -> r.key().equals("support-triage@v2.3"))
                .extracting(r -> r.value().getDigest()).containsOnly(digest);
    }

    @Test
    void an_invalid_manifest_is_refused_with_the_field_at_fault_and_nothing_is_published() {
        ReleaseBundle original = ReleaseBundle.fromDirectory(SAMPLE);
        String snapshot = snapshotOf(original.manifest());
        ReleaseBundle unpinned = new ReleaseBundle(original.manifestName(),
                original.manifest().replace(snapshot, "latest"), original.files());
        int before = AvroTopics.readAll(bootstrap, registryUrl, Topics.RELEASES.name()).size();

        given().contentType(ContentType.JSON).body(unpinned)
                .when().post("/api/v1/releases")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("instance", equalTo("/api/v1/releases"))
                .body("violations.field", hasItem("model.snapshot"));

        assertThat(AvroTopics.readAll(bootstrap, registryUrl, Topics.RELEASES.name())).hasSize(before);
    }

    @Test
    void a_release_below_the_eval_threshold_never_leaves_the_build() {
        ReleaseBundle original = ReleaseBundle.fromDirectory(SAMPLE);
        ReleaseBundle lowScore = withFile(original, "evals/results.json",
                text -> text.replaceFirst("\"score\": 1.0", "\"score\": 0.5"));
        ReleaseBundle strict = new ReleaseBundle(lowScore.manifestName(),
                lowScore.manifest().replaceFirst("threshold: [0-9.]+", "threshold: 0.999"), lowScore.files());
        int before = AvroTopics.readAll(bootstrap, registryUrl, Topics.RELEASES.name()).size();

        given().contentType(ContentType.JSON).body(strict)
                .when().post("/api/v1/releases")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://slipway.dev/problems/eval-gate-failed"));

        assertThat(AvroTopics.readAll(bootstrap, registryUrl, Topics.RELEASES.name())).hasSize(before);
    }

    @Test
    void bad_references_and_unknown_releases_are_problems() {
        given().when().get("/api/v1/releases/not-a-ref")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("ref"));
        given().when().get("/api/v1/releases/sha256:" + "0".repeat(64))
                .then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"manifestName\": 3, ")
                .when().post("/api/v1/releases")
                .then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/v1/agents/support-triage/releases?size=0")
                .then().statusCode(400).body("violations[0].field", equalTo("size"));
    }

    @Test
    void releases_of_an_agent_are_listed_newest_first() {
        ReleaseBundle original = ReleaseBundle.fromDirectory(SAMPLE);
        String older = build(withFile(original, "prompts/triage.md", t -> t + "\nListing rule A.\n"));
        String newer = build(withFile(original, "prompts/triage.md", t -> t + "\nListing rule B.\n"));

        List<String> digests = given().when().get("/api/v1/agents/support-triage/releases?size=200")
                .then().statusCode(200)
                .extract().path("items.digest");
        assertThat(digests).containsSubsequence(newer, older);
    }

    private List<ConsumerRecord<String, ReleaseBuilt>> releasesWithDigest(String digest) {
        List<ConsumerRecord<String, ReleaseBuilt>> all = AvroTopics.readAll(bootstrap, registryUrl, Topics.RELEASES.name());
        return all.stream().filter(r -> r.key().equals(digest)).toList();
    }

    static String build(ReleaseBundle bundle) {
        return given().contentType(ContentType.JSON).body(bundle)
                .when().post("/api/v1/releases")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)))
                .extract().path("digest");
    }

    static ReleaseBundle withFile(ReleaseBundle bundle, String path, UnaryOperator<String> edit) {
        Map<String, String> files = new HashMap<>(bundle.files());
        assertThat(files).containsKey(path);
        files.put(path, edit.apply(files.get(path)));
        return new ReleaseBundle(bundle.manifestName(), bundle.manifest(), files);
    }

    private static String snapshotOf(String manifest) {
        var m = java.util.regex.Pattern.compile("snapshot:\\s*\"?([^\"\\n]+)\"?").matcher(manifest);
        assertThat(m.find()).as("manifest has a model snapshot").isTrue();
        return m.group(1).trim();
    }
}
