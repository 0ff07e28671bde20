package dev.slipway.lineage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import dev.slipway.testkit.SlipwayStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
class LineageHealthTest {

    @Test
    void is_ready_once_connected_to_the_broker_and_reports_its_kafka_check() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void a_release_never_seen_is_a_problem() {
        given().when().get("/api/v1/lineage/releases/sha256:" + "0".repeat(64))
                .then().statusCode(404)
                .contentType("application/problem+json");
    }
}
