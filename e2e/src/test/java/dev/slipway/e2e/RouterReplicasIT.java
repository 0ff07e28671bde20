package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.ServiceProcess;
import dev.slipway.testkit.stack.Stack;

/**
 * Two router replicas on one broker: one writer per deployment (the pointer's partitions shared out), both serving
 * look-ups from {@code slipway.routes}; every answer carries the route's epoch, so a client can tell a lagging replica.
 */
class RouterReplicasIT {

    private static Stack stack;
    private static ServiceProcess second;

    @BeforeAll
    static void two_routers() throws Exception {
        stack = Stack.start(Path.of("target"), "replicas", false, Map.of());
        second = stack.addRouterReplica();
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void both_replicas_answer_the_same_route_and_assign_every_key_to_the_same_arm() {
        ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.bundle());
        ReleaseBuilt v2 = SampleReleases.signed(SampleReleases.withTriageLine("Replicas agree on this line."));
        for (ReleaseBuilt release : List.of(v1, v2)) {
            AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), release.getDigest(), release);
        }
        String deployment = "support-triage/replicated";
        // A rollout through the first replica, a canary through the second: either may take a command.
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.post(stack.router().url(path(deployment, "/rollouts")),
                Map.of("candidate", v1.getDigest())).status() == 202);
        await().atMost(Duration.ofSeconds(20)).until(() -> v1.getDigest().equals(route(stack.router(), deployment)
                .path("stable").asText()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.post(second.url(path(deployment, "/rollouts")),
                Map.of("candidate", v2.getDigest(), "plan", List.of(Map.of("weightPercent", 25, "minTasks", 100_000,
                        "minDuration", "PT1H", "maxDuration", "PT2H")))).status() == 202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode first = route(stack.router(), deployment);
            JsonNode other = route(second, deployment);
            assertThat(first.path("canary").asText()).isEqualTo(v2.getDigest());
            assertThat(other.path("canary").asText()).isEqualTo(v2.getDigest());
            assertThat(other.path("epoch").asLong()).isEqualTo(first.path("epoch").asLong()).isEqualTo(2);
        });
        int canary = 0;
        for (int i = 0; i < 200; i++) {
            JsonNode a = Http.get(stack.router().url(path(deployment, "/route?key=customer-" + i))).body();
            JsonNode b = Http.get(second.url(path(deployment, "/route?key=customer-" + i))).body();
            assertThat(b.path("arm").asText()).as("customer-%d", i).isEqualTo(a.path("arm").asText());
            assertThat(b.path("digest").asText()).isEqualTo(a.path("digest").asText());
            assertThat(a.path("epoch").asLong()).as("every answer names its epoch").isEqualTo(2);
            canary += "CANARY".equals(a.path("arm").asText()) ? 1 : 0;
        }
        assertThat(canary).as("about a quarter of 200 keys").isBetween(25, 80);
    }

    private static JsonNode route(ServiceProcess router, String deployment) {
        return Http.get(router.url(path(deployment, "/route"))).body();
    }

    private static String path(String deployment, String rest) {
        return "/api/v1/deployments/" + deployment + rest;
    }
}
