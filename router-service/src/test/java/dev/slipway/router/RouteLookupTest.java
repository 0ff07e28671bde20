package dev.slipway.router;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.events.Topics;
import dev.slipway.testkit.SlipwayStackTestResource;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
class RouteLookupTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String STABLE = "sha256:" + "a".repeat(64);
    private static final String NEWER = "sha256:" + "b".repeat(64);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void serves_the_route_with_the_highest_epoch_read_from_the_routes_topic() throws Exception {
        try (KafkaProducer<String, Route> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class,
                SerdeConfig.REGISTRY_URL, registryUrl,
                SerdeConfig.AUTO_REGISTER_ARTIFACT, true))) {
            producer.send(new ProducerRecord<>(Topics.ROUTES.name(), "support-triage/prod", route(2, NEWER))).get(10, TimeUnit.SECONDS);
            // A replayed older route must not move the pointer back.
            producer.send(new ProducerRecord<>(Topics.ROUTES.name(), "support-triage/prod", route(1, STABLE))).get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/api/v1/deployments/support-triage/prod/route")
                        .then().statusCode(200)
                        .body("stable", equalTo(NEWER))
                        .body("epoch", equalTo(2)));
        given().when().get("/api/v1/deployments")
                .then().statusCode(200).body("deployment", org.hamcrest.Matchers.hasItem("support-triage/prod"));
    }

    @Test
    void an_unknown_deployment_is_a_problem_not_an_empty_answer() {
        given().when().get("/api/v1/deployments/nobody/prod/route")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no route for deployment nobody/prod"));
    }

    private static Route route(long epoch, String stable) {
        return Route.newBuilder()
                .setDeployment("support-triage/prod")
                .setStable(stable)
                .setEpoch(epoch)
                .setState(RouteState.STABLE)
                .setUpdatedAt(T0.plusSeconds(epoch))
                .build();
    }
}
