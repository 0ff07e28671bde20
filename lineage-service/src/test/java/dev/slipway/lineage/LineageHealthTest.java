package dev.slipway.lineage;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.auth.SignedIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@SignedIn("victor")
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
class LineageHealthTest {

    @Test
    void is_ready_once_its_reader_caught_up_and_reports_its_dead_letter_count() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("intake"))
                .body("checks.find { it.name == 'intake' }.data.'reader.lineage.releases'", equalTo("caught up"))
                .body("checks.find { it.name == 'intake' }.data.'dead-letters.lineage.releases'", equalTo(0)));
    }

    @Test
    void a_release_never_seen_is_a_problem() {
        given().when().get("/api/v1/lineage/releases/sha256:" + "0".repeat(64))
                .then().statusCode(404)
                .contentType("application/problem+json");
    }
}
