package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.ReleaseLabelBound;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.DeadLetters;
import dev.slipway.testkit.PoisonRecords;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.ServiceProcess;
import dev.slipway.testkit.stack.Stack;

/**
 * Every service survives every kind of bad record on every topic it reads: it dead-letters each once with its origin,
 * stays ready, goes on with the good records after them, and after a restart of every service on the same data
 * nothing is dead-lettered again. Given / When / Then, through the packaged services, a real broker and registry.
 */
class BadRecordsIT {

    private static final String DEPLOYMENT = "support-triage/prod";

    /** Who reads which topic, as the dead letters name them. */
    private static final Map<Topic<?>, List<String>> READERS = new LinkedHashMap<>();

    static {
        READERS.put(Topics.RELEASES, List.of("builder.release-log", "lineage.releases", "router.pointer", "canary.judge",
                "lineage.store"));
        READERS.put(Topics.RELEASE_LABELS, List.of("builder.release-log"));
        READERS.put(Topics.PROMOTIONS, List.of("builder.promotions", "lineage.audit"));
        READERS.put(Topics.ROLLOUTS, List.of("router.pointer", "router.rollout-board", "canary.judge", "lineage.audit"));
        READERS.put(Topics.ROLLOUT_COMMANDS, List.of("router.pointer", "router.rollout-board", "router.routes", "canary.judge",
                "lineage.audit"));
        READERS.put(Topics.CANARY_METRICS, List.of("router.pointer", "router.rollout-board"));
        READERS.put(Topics.ROUTES, List.of("router.routes", "builder.soak", "lineage.audit", "lineage.store"));
        READERS.put(Topics.RUNS, List.of("canary.judge", "builder.soak", "lineage.store"));
        READERS.put(Topics.RUN_FEEDBACK, List.of("canary.judge", "lineage.store"));
    }

    private static Stack stack;
    private static ReleaseBuilt v1;
    private static ReleaseBuilt v2;
    private static final List<PoisonRecords.Written> poison = new ArrayList<>();

    @BeforeAll
    static void given_a_running_canary_with_every_topic_in_use_then_poison_on_each() throws Exception {
        stack = Stack.startAll(Path.of("target"), "bad-records", Map.of("slipway.topics.partitions", "1",
                "slipway.canary.tick", "PT0.5S"));
        v1 = SampleReleases.signed(SampleReleases.bundle());
        v2 = SampleReleases.signed(SampleReleases.withTriageLine("Poison never stops the judge."));
        for (ReleaseBuilt release : List.of(v1, v2)) {
            AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), release.getDigest(), release);
        }
        bindLabel("v1", v1);
        // a promotion, so that slipway.promotions holds a good record too
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.post(stack.builder().url("/api/v1/promotions"),
                Map.of("release", v1.getDigest(), "to", "dev")).status() == 201);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Http.post(deploymentUrl("/rollouts"), Map.of("candidate", v1.getDigest())).status() == 202);
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.status(deploymentUrl("/route")) == 200);
        Http.Response started = Http.post(deploymentUrl("/rollouts"), Map.of("candidate", v2.getDigest(), "plan",
                List.of(Map.of("weightPercent", 50, "minTasks", 100_000, "minDuration", "PT1H", "maxDuration", "PT2H"))));
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        try (Traffic traffic = new Traffic(stack, DEPLOYMENT, 3)
                .behave(v1.getDigest(), new Traffic.Behaviour(0.9, 0.02))
                .behave(v2.getDigest(), new Traffic.Behaviour(0.9, 0.02))) {
            traffic.run(10);
        }
        AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RUN_FEEDBACK.name(), DEPLOYMENT, feedback());
        await().atMost(Duration.ofSeconds(30)).until(() -> windowTasks() >= 10);
        assertThat(Http.post(deploymentUrl("/pause"), Map.of("reason", "before poison")).status()).isEqualTo(202);

        // When every kind of bad record lands on every topic a service reads, each built around a real good value
        for (Topic<?> topic : READERS.keySet()) {
            poison.addAll(PoisonRecords.write(stack.bootstrap(), topic.name(),
                    PoisonRecords.forTopic(cast(topic), latestGood(topic), stack.registryUrl())));
        }
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void every_bad_record_is_dead_lettered_once_per_reader_the_services_stay_ready_and_go_on_and_a_restart_adds_none()
            throws Exception {
        // And good records follow the poison on every topic
        ReleaseBuilt v3 = SampleReleases.signed(SampleReleases.withTriageLine("Built after the poison."));
        AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), v3.getDigest(), v3);
        assertThat(Http.post(deploymentUrl("/resume"), Map.of("reason", "after poison")).status()).isEqualTo(202);
        long tasksBefore = windowTasks();
        try (Traffic traffic = new Traffic(stack, DEPLOYMENT, 5)
                .behave(v1.getDigest(), new Traffic.Behaviour(0.9, 0.02))
                .behave(v2.getDigest(), new Traffic.Behaviour(0.9, 0.02))) {
            traffic.run(10);
        }

        // Then the good records are applied: the release by the builder and lineage, the resume by the router
        // (routes, board), the runs by the judge (windows)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(Http.status(stack.builder().url("/api/v1/releases/" + v3.getDigest()))).isEqualTo(200);
            assertThat(Http.status(stack.lineage().url("/api/v1/lineage/releases/" + v3.getDigest()))).isEqualTo(200);
            assertThat(Http.get(deploymentUrl("/rollout")).body().path("lastCommand").path("type").asText())
                    .isEqualTo("RESUME");
            assertThat(Http.get(deploymentUrl("/route")).body().path("state").asText()).isNotEqualTo("PAUSED");
            assertThat(windowTasks()).isGreaterThanOrEqualTo(tasksBefore + 10);
        });
        // and the builder still builds and labels releases after bad records on both of its topics
        Http.Response built = Http.post(stack.builder().url("/api/v1/releases?label=after-poison"),
                SampleReleases.withTriageLine("Labelled after the poison."));
        assertThat(built.status()).as(built.body().toString()).isEqualTo(201);
        assertThat(Http.get(stack.builder().url("/api/v1/releases/support-triage@after-poison")).body()
                .path("digest").asText()).isEqualTo(built.body().path("digest").asText());
        assertThat(Http.get(stack.builder().url("/api/v1/releases/support-triage@v1")).body().path("digest").asText())
                .isEqualTo(v1.getDigest());

        // and every bad record is on the dead-letter topic once per reader, with its origin and a reason
        Map<String, Long> expectedCounts = expectedCounts();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(countsByConsumer(DeadLetters.readAll(stack.bootstrap()))).isEqualTo(expectedCounts));
        List<DeadLetters.Letter> letters = DeadLetters.readAll(stack.bootstrap());
        assertOncePerReader(letters);
        assertThat(letters).allSatisfy(letter -> assertThat(letter.reason()).isNotBlank());
        assertThat(letters).filteredOn(l -> l.topic().equals(Topics.ROUTES.name())
                        && l.offset() == offsetOf(PoisonRecords.Kind.KEY_NOT_THE_VALUES, Topics.ROUTES))
                .as("once for each reader of the routes").hasSize(READERS.get(Topics.ROUTES).size())
                .allSatisfy(l -> assertThat(l.reason()).contains("but the value's deployment is"));

        // and every service is ready and shows its dead-letter counts
        assertThat(healthCounts()).containsAllEntriesOf(expectedCounts);

        // When every service restarts on the same topics, on fresh machines: the readers read their topics again from
        // the start and the Streams jobs rebuild their global stores from the beginning
        stack.restartServices(true);

        // Then all of them are ready, nothing was dead-lettered again, and the counts survived the restart
        assertThat(healthCounts()).containsAllEntriesOf(expectedCounts);
        List<DeadLetters.Letter> afterRestart = DeadLetters.readAll(stack.bootstrap());
        assertThat(afterRestart).hasSameSizeAs(letters);
        assertOncePerReader(afterRestart);
        assertThat(Http.get(stack.builder().url("/api/v1/releases/support-triage@after-poison")).status()).isEqualTo(200);
    }

    @Test
    void a_tombstone_on_a_compacted_topic_deletes_what_the_topic_contract_says_and_is_no_bad_record() throws Exception {
        // Given a release with a label, and a deployment with a route and a rollout record
        ReleaseBuilt withdrawn = SampleReleases.signed(SampleReleases.withTriageLine("To be withdrawn."));
        AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), withdrawn.getDigest(), withdrawn);
        bindLabel("to-unbind", withdrawn);
        String deployment = "support-triage/tombstones";
        String url = stack.router().url("/api/v1/deployments/" + deployment);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Http.post(url + "/rollouts", Map.of("candidate", v1.getDigest())).status() == 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.status(url + "/route") == 200
                && Http.status(stack.builder().url("/api/v1/releases/support-triage@to-unbind")) == 200);
        long deadLettersBefore = DeadLetters.readAll(stack.bootstrap()).size();

        // When tombstones arrive for each of them
        PoisonRecords.writeRaw(stack.bootstrap(), Topics.RELEASES.name(), utf8(withdrawn.getDigest()), null);
        PoisonRecords.writeRaw(stack.bootstrap(), Topics.RELEASE_LABELS.name(), utf8("support-triage@to-unbind"), null);
        PoisonRecords.writeRaw(stack.bootstrap(), Topics.ROUTES.name(), utf8(deployment), null);
        PoisonRecords.writeRaw(stack.bootstrap(), Topics.ROLLOUTS.name(), utf8(deployment), null);

        // Then the builder withdraws the release and unbinds the label, the router forgets the route, and lineage
        // keeps the build record (history); nothing is dead-lettered
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Http.status(stack.builder().url("/api/v1/releases/" + withdrawn.getDigest()))).isEqualTo(404);
            assertThat(Http.status(stack.builder().url("/api/v1/releases/support-triage@to-unbind"))).isEqualTo(404);
            assertThat(Http.status(url + "/route")).isEqualTo(404);
        });
        assertThat(Http.status(stack.lineage().url("/api/v1/lineage/releases/" + withdrawn.getDigest()))).isEqualTo(200);
        assertThat(DeadLetters.readAll(stack.bootstrap())).hasSize((int) deadLettersBefore);
        for (ServiceProcess service : stack.services()) {
            assertThat(Http.status(service.url("/q/health/ready"))).as(service.log().toString()).isEqualTo(200);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static void assertOncePerReader(List<DeadLetters.Letter> letters) {
        Map<String, Long> perOrigin = letters.stream()
                .collect(Collectors.groupingBy(DeadLetters.Letter::origin, Collectors.counting()));
        assertThat(perOrigin.values()).as("dead letters per reader and origin").allMatch(n -> n == 1);
        for (PoisonRecords.Written written : poison) {
            for (String reader : READERS.get(topicNamed(written.topic()))) {
                assertThat(perOrigin).as(written.kind() + " on " + written.topic() + " for " + reader)
                        .containsKey(reader + " " + written.topic() + "-" + written.partition() + "@" + written.offset());
            }
        }
    }

    private static Map<String, Long> expectedCounts() {
        Map<String, Long> counts = new HashMap<>();
        for (PoisonRecords.Written written : poison) {
            READERS.get(topicNamed(written.topic())).forEach(reader -> counts.merge(reader, 1L, Long::sum));
        }
        return counts;
    }

    private static Map<String, Long> countsByConsumer(List<DeadLetters.Letter> letters) {
        return letters.stream().collect(Collectors.groupingBy(DeadLetters.Letter::consumer, Collectors.counting()));
    }

    /** The dead-letter counts every service reports on its readiness check, all of which must be UP. */
    private static Map<String, Long> healthCounts() {
        Map<String, Long> counts = new HashMap<>();
        for (ServiceProcess service : stack.services()) {
            Http.Response health = Http.get(service.url("/q/health/ready"));
            assertThat(health.status()).as(health.body().toString()).isEqualTo(200);
            for (JsonNode check : health.body().path("checks")) {
                check.path("data").fields().forEachRemaining(e -> {
                    if (e.getKey().startsWith("dead-letters.")) {
                        counts.put(e.getKey().substring("dead-letters.".length()), e.getValue().asLong());
                    }
                });
            }
        }
        return counts;
    }

    private static long offsetOf(PoisonRecords.Kind kind, Topic<?> topic) {
        return poison.stream().filter(p -> p.kind() == kind && p.topic().equals(topic.name())).findFirst()
                .orElseThrow().offset();
    }

    private static Topic<?> topicNamed(String name) {
        return READERS.keySet().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static long windowTasks() {
        JsonNode window = Http.get(deploymentUrl("/rollout")).body().path("window");
        return window.path("baseline").path("tasks").asLong() + window.path("canary").path("tasks").asLong();
    }

    /** The last value on {@code topic}, as the services wrote it. */
    private static SpecificRecord latestGood(Topic<?> topic) {
        List<ConsumerRecord<String, SpecificRecord>> all =
                AvroTopics.readAll(stack.bootstrap(), stack.registryUrl(), topic.name());
        assertThat(all).as("a good record on " + topic.name()).isNotEmpty();
        return all.get(all.size() - 1).value();
    }

    private static void bindLabel(String label, ReleaseBuilt release) {
        AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASE_LABELS.name(),
                release.getAgent() + "@" + label, ReleaseLabelBound.newBuilder().setAgent(release.getAgent())
                        .setLabel(label).setDigest(release.getDigest()).setBoundBy("e2e")
                        .setBoundAt(Instant.parse("2026-11-20T10:00:00Z")).build());
    }

    private static RunFeedback feedback() {
        return RunFeedback.newBuilder().setFeedbackId("f-1").setRunId("no-such-run").setDeployment(DEPLOYMENT)
                .setSuccess(true).setHumanIntervention(false).setSource("e2e")
                .setOccurredAt(Instant.parse("2026-11-20T10:00:00Z")).build();
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> Topic<V> cast(Topic<?> topic) {
        return (Topic<V>) topic;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String deploymentUrl(String path) {
        return stack.router().url("/api/v1/deployments/" + DEPLOYMENT + path);
    }
}
