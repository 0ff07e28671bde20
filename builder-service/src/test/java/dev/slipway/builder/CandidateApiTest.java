package dev.slipway.builder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.events.Topics;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.ReleaseSignature;
import dev.slipway.release.SignatureVerifier;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.auth.SignedIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Candidates: a release without eval results is held for its evals, fetchable and verifiable by a worker, and built
 * only when results that pass the gate are attached.
 */
@SignedIn("carol")
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
class CandidateApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    /** The sample release without its results file, with one more prompt line so its digest is its own. */
    static ReleaseBundle withoutResults(String extraLine) {
        ReleaseBundle sample = ReleaseBundle.fromDirectory(Path.of("..", "examples", "support-triage"));
        ReleaseBundle edited = ReleaseApiTest.withFile(sample, "prompts/system.md", text -> text + "\n" + extraLine + "\n");
        return new ReleaseBundle(edited.manifestName(), edited.manifest().replaceAll("(?m)^\\s*results:.*\\n", ""),
                edited.files());
    }

    static JsonPath propose(ReleaseBundle bundle, String label) {
        return given().contentType(ContentType.JSON).body(bundle)
                .queryParam("label", label)
                .when().post("/api/v1/candidates")
                .then().statusCode(201).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    static String results(JsonPath candidate, double score) {
        ObjectNode results = JSON.createObjectNode().put("suiteDigest", candidate.getString("suite.digest"));
        for (String id : candidate.<String>getList("suite.cases.id")) {
            results.withArray("scores").addObject().put("caseId", id).put("score", score);
        }
        return results.toString();
    }

    int releasesWithDigest(String digest) {
        return (int) AvroTopics.readAll(bootstrap, registryUrl, Topics.RELEASES.name()).stream()
                .filter(r -> r.key().equals(digest)).count();
    }

    @Test
    void a_candidate_is_served_signed_with_its_suite_and_built_by_results_that_pass() {
        JsonPath candidate = propose(withoutResults("Be brief."), "evaluated-1");
        String digest = candidate.getString("digest");

        assertThat(candidate.getString("agent")).isEqualTo("support-triage");
        assertThat(candidate.getBoolean("alreadyBuilt")).isFalse();
        assertThat(candidate.getString("suite.name")).isEqualTo("support-triage-core");
        assertThat(candidate.getDouble("suite.threshold")).isEqualTo(0.85);
        assertThat(candidate.<Map<String, Object>>getList("suite.graders")).extracting(g -> g.get("field"))
                .containsExactly("category", "priority");
        assertThat(candidate.getList("suite.cases")).hasSize(10);
        String content = given().when().get("/api/v1/candidates/" + digest + "/content").then().statusCode(200)
                .extract().asString();
        assertThat(Release.fromCanonicalJson(content).digest()).isEqualTo(digest);
        ReleaseSignature signature = new ReleaseSignature(candidate.getString("signature.algorithm"),
                candidate.getString("signature.keyId"), candidate.getString("signature.publicKey"),
                candidate.getString("signature.value"));
        assertThat(SignatureVerifier.verify(digest, signature)).isTrue();
        given().when().get("/api/v1/releases/" + digest).then().statusCode(404);
        assertThat(releasesWithDigest(digest)).as("a candidate is not published").isZero();

        given().contentType(ContentType.JSON).body(results(candidate, 0.9))
                .when().post("/api/v1/candidates/" + digest + "/results")
                .then().statusCode(201)
                .body("digest", equalTo(digest))
                .body("evaluation.verdict", equalTo("PASSED"))
                .body("evaluation.suiteDigest", equalTo(candidate.getString("suite.digest")))
                .body("labels", hasItem("evaluated-1"))
                .body("builtBy", equalTo("carol"));
        assertThat(releasesWithDigest(digest)).isEqualTo(1);
        given().when().get("/api/v1/candidates/" + digest).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void results_below_the_threshold_build_nothing_and_the_candidate_waits() {
        JsonPath candidate = propose(withoutResults("Be terse."), null);
        String digest = candidate.getString("digest");

        given().contentType(ContentType.JSON).body(results(candidate, 0.6))
                .when().post("/api/v1/candidates/" + digest + "/results")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://slipway.dev/problems/eval-gate-failed"))
                .body("detail", org.hamcrest.Matchers.containsString("below the threshold"));
        assertThat(releasesWithDigest(digest)).isZero();
        given().when().get("/api/v1/candidates/" + digest).then().statusCode(200);
    }

    @Test
    void results_that_do_not_fit_the_suite_and_unknown_candidates_are_problems() {
        JsonPath candidate = propose(withoutResults("Be kind."), null);
        String digest = candidate.getString("digest");

        given().contentType(ContentType.JSON).body("{\"suiteDigest\":\"" + candidate.getString("suite.digest")
                        + "\",\"scores\":[{\"caseId\":\"billing-double-charge\",\"score\":1.5}]}")
                .when().post("/api/v1/candidates/" + digest + "/results")
                .then().statusCode(422).contentType("application/problem+json")
                .body("violations.field", hasItem("evals.results.scores[0].score"));
        given().contentType(ContentType.JSON).body("{\"suiteDigest\":\"sha256:" + "0".repeat(64) + "\",\"scores\":[]}")
                .when().post("/api/v1/candidates/" + digest + "/results")
                .then().statusCode(422)
                .body("violations.field", hasItem("evals.results.suiteDigest"));
        given().contentType(ContentType.JSON).body(results(candidate, 1))
                .when().post("/api/v1/candidates/sha256:" + "1".repeat(64) + "/results")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://slipway.dev/problems/candidate-not-found"));
        given().contentType(ContentType.JSON).body(List.of())
                .when().post("/api/v1/candidates")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(422)))
                .contentType("application/problem+json");
        assertThat(releasesWithDigest(digest)).isZero();
    }

    @Test
    void a_release_already_built_can_still_be_proposed_to_run_its_evals_again() {
        // Its own content, so other tests that build the sample still build it first.
        ReleaseBundle sample = ReleaseApiTest.withFile(ReleaseBundle.fromDirectory(Path.of("..", "examples", "support-triage")),
                "prompts/system.md", text -> text + "\nAlready built once.\n");
        given().contentType(ContentType.JSON).body(sample).when().post("/api/v1/releases")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
        JsonPath candidate = propose(new ReleaseBundle(sample.manifestName(),
                sample.manifest().replaceAll("(?m)^\\s*results:.*\\n", ""), sample.files()), null);
        assertThat(candidate.getBoolean("alreadyBuilt")).isTrue();
    }
}
