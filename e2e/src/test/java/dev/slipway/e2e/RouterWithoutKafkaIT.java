package dev.slipway.e2e;

import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.Stack;

import dev.slipway.testkit.SampleReleases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;

/** The router keeps answering look-ups from its last known routes while Kafka is unreachable. */
class RouterWithoutKafkaIT {


    private static Stack stack;

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void look_ups_are_served_from_the_last_known_routes_when_the_broker_is_gone() throws Exception {
        // Given a deployment whose route the router has seen
        stack = Stack.start(Path.of("target"), "e2e", true, RolloutScenariosIT.TEST_SETTINGS);
        ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.bundle());
        AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), v1.getDigest(), v1);
        String base = stack.router().url("/api/v1/deployments/support-triage/outage");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Http.post(base + "/rollouts", Map.of("candidate", v1.getDigest())).status() == 202);
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.status(base + "/route") == 200);

        // When the broker goes away
        stack.stopBroker();

        // Then look-ups keep answering the last known route, again and again
        for (int i = 0; i < 20; i++) {
            Http.Response response = Http.get(base + "/route?key=ticket-" + i);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().get("digest").asText()).isEqualTo(v1.getDigest());
        }
    }
}
