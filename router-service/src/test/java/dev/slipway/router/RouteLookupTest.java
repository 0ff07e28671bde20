package dev.slipway.router;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.auth.SignedIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@SignedIn("olivia")
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
        try (KafkaProducer<String, Route> producer = avroProducer()) {
            producer.send(new ProducerRecord<>(Topics.ROUTES.name(), "lookup-agent/prod", route(2, NEWER))).get(10, TimeUnit.SECONDS);
            // A replayed older route must not move the pointer back.
            producer.send(new ProducerRecord<>(Topics.ROUTES.name(), "lookup-agent/prod", route(1, STABLE))).get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/api/v1/deployments/lookup-agent/prod/route")
                        .then().statusCode(200)
                        .body("stable", equalTo(NEWER))
                        .body("epoch", equalTo(2)));
        given().when().get("/api/v1/deployments")
                .then().statusCode(200).body("deployment", org.hamcrest.Matchers.hasItem("lookup-agent/prod"));
    }

    @Test
    void an_undecodable_route_lands_on_the_dead_letter_topic_and_the_table_moves_on() throws Exception {
        byte[] garbage = "not an avro route".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            raw.send(new ProducerRecord<>(Topics.ROUTES.name(), "billing-agent/prod", garbage)).get(10, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, Route> producer = avroProducer()) {
            Route good = Route.newBuilder(route(1, STABLE)).setDeployment("billing-agent/prod").build();
            producer.send(new ProducerRecord<>(Topics.ROUTES.name(), "billing-agent/prod", good)).get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/api/v1/deployments/billing-agent/prod/route")
                        .then().statusCode(200).body("stable", equalTo(STABLE)));

        try (KafkaConsumer<String, byte[]> dlq = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + java.util.UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            dlq.subscribe(java.util.List.of(Topics.DEAD_LETTER));
            java.util.List<ConsumerRecord<String, byte[]>> seen = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen).anySatisfy(r -> {
                    assertThat(r.value()).isEqualTo(garbage);
                    assertThat(new String(r.headers().lastHeader("dead-letter-topic").value(),
                            java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Topics.ROUTES.name());
                });
            });
        }
    }

    @Test
    void an_unknown_deployment_is_a_problem_not_an_empty_answer() {
        given().when().get("/api/v1/deployments/nobody/prod/route")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no route for deployment nobody/prod"));
    }

    private KafkaProducer<String, Route> avroProducer() {
        return AvroTopics.producer(bootstrap, registryUrl);
    }

    private static Route route(long epoch, String stable) {
        return Route.newBuilder()
                .setDeployment("lookup-agent/prod")
                .setStable(stable)
                .setEpoch(epoch)
                .setState(RouteState.STABLE)
                .setUpdatedAt(T0.plusSeconds(epoch))
                .build();
    }
}
