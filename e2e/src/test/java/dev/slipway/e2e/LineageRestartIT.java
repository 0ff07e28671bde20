package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.Arm;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.Severity;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.Stack;

/**
 * lineage-service killed mid-delivery and started again on the same state: a page the ledger names is not sent again,
 * the page that was in flight is sent again with the same idempotency key (so a receiver that deduplicates on it
 * takes each alert once), and every run and route recorded before the crash is still answered.
 * Given / When / Then, through the packaged services, a real broker and registry, and a webhook receiver.
 */
class LineageRestartIT {

    private static final String DEPLOYMENT = "restart-agent/prod";

    private static Stack stack;
    private static HttpServer receiver;
    /** Every request as it arrived: its Idempotency-Key. */
    private static final List<String> received = new CopyOnWriteArrayList<>();
    /** What the receiver took, deduplicated on the key, as a receiver honouring it would. */
    private static final Set<String> taken = ConcurrentHashMap.newKeySet();
    private static final CountDownLatch answerHeldPages = new CountDownLatch(1);
    private static ReleaseBuilt v1;

    @BeforeAll
    static void given_a_stack_paging_a_webhook_that_holds_the_second_page() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", LineageRestartIT::receive);
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
        stack = Stack.startAll(Path.of("target"), "lineage-restart", Map.of("slipway.topics.partitions", "1",
                "slipway.alerts.sinks", "hook",
                "slipway.alerts.sink.hook.kind", "webhook",
                "slipway.alerts.sink.hook.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                // The held page must still be waiting for its answer when the service is killed.
                "slipway.alerts.timeout", "PT120S"));
        v1 = SampleReleases.signed(SampleReleases.bundle());
        AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), v1.getDigest(), v1);
        AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.ROUTES.name(), DEPLOYMENT, Route.newBuilder()
                .setDeployment(DEPLOYMENT).setStable(v1.getDigest()).setCanaryWeightPercent(0).setEpoch(1)
                .setState(RouteState.STABLE).setUpdatedAt(Instant.now().minusSeconds(60)).build());
        for (int i = 0; i < 3; i++) {
            AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RUNS.name(), DEPLOYMENT, run("run-" + i));
        }
    }

    private static void receive(HttpExchange ex) throws IOException {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        ex.getRequestBody().readAllBytes();
        received.add(key);
        if (key.startsWith("held-")) {
            try {
                // Held until the test lets pages through: the first attempt is still in flight at the crash.
                answerHeldPages.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            ex.sendResponseHeaders(200, -1);
            taken.add(key);
        } catch (IOException e) {
            // the caller is gone (killed): this attempt was never answered
        } finally {
            ex.close();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        answerHeldPages.countDown();
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void a_crash_mid_delivery_pages_each_alert_once_and_keeps_every_run() throws Exception {
        // Given one alert delivered and a second whose page is in flight
        send(alert("first-1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> taken.contains("first-1/hook"));
        send(alert("held-1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> received.contains("held-1/hook"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Http.status(stack.lineage().url("/api/v1/lineage/runs/run-2")) == 200);

        // When lineage-service is killed, the receiver starts answering, and lineage-service starts again
        stack.crashLineage();
        answerHeldPages.countDown();
        stack.startLineageAgain();
        send(alert("after-1"));

        // Then the in-flight page is sent again with the same key, the delivered one is not, and each is taken once
        await().atMost(Duration.ofSeconds(90)).until(() -> taken.contains("held-1/hook") && taken.contains("after-1/hook"));
        assertThat(received.stream().filter("first-1/hook"::equals)).hasSize(1);
        assertThat(received.stream().filter("held-1/hook"::equals)).hasSize(2);
        assertThat(received.stream().filter("after-1/hook"::equals)).hasSize(1);
        assertThat(taken).containsExactlyInAnyOrder("first-1/hook", "held-1/hook", "after-1/hook");

        // And the runs and the route recorded before the crash are all still answered
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(stack.lineage().url("/api/v1/lineage/runs/run-" + i)).body().path("digest").asText())
                    .isEqualTo(v1.getDigest());
        }
        assertThat(Http.get(stack.lineage().url("/api/v1/lineage/deployments/" + DEPLOYMENT + "/timeline")).body()
                .path("routes").size()).isEqualTo(1);
    }

    private static void send(Alert alert) {
        AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.ALERTS.name(), alert.getDeployment(), alert);
    }

    private static Alert alert(String id) {
        return Alert.newBuilder().setAlertId(id).setDeployment(DEPLOYMENT).setReason(AlertReason.REGRESSION)
                .setSeverity(Severity.CRITICAL).setMessage("ABORT: " + id).setRaisedAt(Instant.now()).build();
    }

    private static RunCompleted run(String runId) {
        Instant at = Instant.now().minusSeconds(30);
        return RunCompleted.newBuilder().setRunId(runId).setDeployment(DEPLOYMENT).setDigest(v1.getDigest())
                .setArm(Arm.STABLE).setEpoch(1).setTaskKey("task-" + runId).setInputDigest("sha256:" + "a".repeat(64))
                .setWorkerId("worker-1").setOutcome(RunOutcome.SUCCEEDED).setCostUsd(0.002).setLatencyMs(300)
                .setStartedAt(at.minusMillis(300)).setCompletedAt(at).build();
    }
}
