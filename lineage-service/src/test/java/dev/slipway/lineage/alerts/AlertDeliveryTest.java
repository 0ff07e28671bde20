package dev.slipway.lineage.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.events.Alert;
import dev.slipway.events.AlertDelivery;
import dev.slipway.events.AlertDeliveryStatus;
import dev.slipway.events.AlertReason;
import dev.slipway.events.ArtifactDiff;
import dev.slipway.events.PartKind;
import dev.slipway.events.Severity;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.auth.SignedIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Alerts on a real broker delivered to webhook receivers: each sink gets its page once, a flaky sink is retried with
 * the same idempotency key until it takes it, a dead one is dead-lettered with the alert, and a stale alert is not
 * paged. The ledger on slipway.alert-deliveries says what happened to each page.
 */
@SignedIn("victor")
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
@TestProfile(AlertDeliveryTest.WithReceivers.class)
class AlertDeliveryTest {

    /**
     * The receivers, configured as the service's sinks, through a profile of its own: the application is started
     * anew for this class with them (a second class-level test resource alone did not restart it after other tests).
     */
    public static class WithReceivers implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WebhookReceivers.class));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void each_sink_gets_each_page_once_a_flaky_one_after_retries_a_dead_one_is_dead_lettered() throws Exception {
        Alert alert = alert("abort-1", Instant.now());
        AvroTopics.send(bootstrap, registryUrl, Topics.ALERTS.name(), alert.getDeployment(), alert);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(WebhookReceivers.at("/slack", "abort-1/ops-slack")).hasSize(1);
            assertThat(WebhookReceivers.at("/alertmanager", "abort-1/ops-am")).hasSize(1);
            assertThat(WebhookReceivers.at("/flaky", "abort-1/flaky-hook")).extracting(WebhookReceivers.Received::answered)
                    .containsExactly(503, 503, 200);
            assertThat(WebhookReceivers.at("/dead", "abort-1/dead-hook")).hasSize(3);
        });
        JsonNode slack = JSON.readTree(WebhookReceivers.at("/slack", "abort-1/ops-slack").get(0).body());
        assertThat(slack.path("blocks").toString()).contains("+Mark every billing ticket as urgent.");
        JsonNode am = JSON.readTree(WebhookReceivers.at("/alertmanager", "abort-1/ops-am").get(0).body());
        assertThat(am.get(0).path("labels").path("alert_id").asText()).isEqualTo("abort-1");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, AlertDelivery>> ledger = AvroTopics.readAll(bootstrap, registryUrl,
                    Topics.ALERT_DELIVERIES.name());
            assertThat(ledger).filteredOn(r -> r.key().startsWith("abort-1/"))
                    .extracting(r -> r.key() + " " + r.value().getStatus() + " " + r.value().getAttempts())
                    .containsExactlyInAnyOrder("abort-1/ops-slack DELIVERED 1", "abort-1/ops-am DELIVERED 1",
                            "abort-1/flaky-hook DELIVERED 3", "abort-1/dead-hook UNDELIVERABLE 3");
            List<ConsumerRecord<String, AlertDelivery>> dead = AvroTopics.readAll(bootstrap, registryUrl,
                    Topics.ALERT_DEAD_LETTER.name());
            assertThat(dead).filteredOn(r -> r.value().getAlertId().equals("abort-1")).singleElement().satisfies(r -> {
                assertThat(r.value().getSink()).isEqualTo("dead-hook");
                assertThat(r.value().getStatus()).isEqualTo(AlertDeliveryStatus.UNDELIVERABLE);
                assertThat(r.value().getLastError()).contains("HTTP 500");
                assertThat(r.value().getAlert().getMessage()).isEqualTo(alert.getMessage());
            });
        });
    }

    @Test
    void an_alert_raised_long_before_it_is_seen_is_not_paged() throws Exception {
        Alert stale = alert("stale-1", Instant.now().minus(Duration.ofHours(3)));
        Alert fresh = alert("fresh-1", Instant.now());
        AvroTopics.send(bootstrap, registryUrl, Topics.ALERTS.name(), stale.getDeployment(), stale);
        AvroTopics.send(bootstrap, registryUrl, Topics.ALERTS.name(), fresh.getDeployment(), fresh);

        // The fresh alert, sent after the stale one on the same partition, is paged: the stale one was passed over.
        await().atMost(Duration.ofSeconds(60)).until(() -> !WebhookReceivers.at("/slack", "fresh-1/ops-slack").isEmpty());
        assertThat(WebhookReceivers.at("/slack", "stale-1/ops-slack")).isEmpty();
    }

    private static Alert alert(String id, Instant raisedAt) {
        return Alert.newBuilder().setAlertId(id).setDeployment("support-triage/prod").setRolloutId("r-1")
                .setReason(AlertReason.REGRESSION).setSeverity(Severity.CRITICAL)
                .setMessage("ABORT: task success regressed")
                .setDiff(ArtifactDiff.newBuilder().setFromDigest("sha256:" + "1".repeat(64))
                        .setToDigest("sha256:" + "2".repeat(64)).setChangedParts(List.of(PartKind.PROMPTS))
                        .setText("== prompts ==\n+Mark every billing ticket as urgent.").build())
                .setRaisedAt(raisedAt).build();
    }
}
