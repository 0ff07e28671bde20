package dev.slipway.e2e;

import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.Stack;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.events.Arm;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;

/**
 * Simulated agent workers: each task asks the router which release serves its key, "runs" it with the behaviour
 * given for that release, and reports the run on {@code slipway.runs}, as the agent SDK will.
 */
final class Traffic implements AutoCloseable {

    record Behaviour(double successRate, double costUsd) {
    }

    private final String routerUrl;
    private final String deployment;
    private final KafkaProducer<String, RunCompleted> producer;
    private final Map<String, Behaviour> behaviourByDigest = new HashMap<>();
    private final SplittableRandom random;
    private final Map<Arm, Integer> sentByArm = new HashMap<>();
    private int sent;

    Traffic(Stack stack, String deployment, long seed) {
        this.routerUrl = stack.router().url("/api/v1/deployments/" + deployment + "/route?key=");
        this.deployment = deployment;
        this.producer = AvroTopics.producer(stack.bootstrap(), stack.registryUrl());
        this.random = new SplittableRandom(seed);
    }

    Traffic behave(String digest, Behaviour behaviour) {
        behaviourByDigest.put(digest, behaviour);
        return this;
    }

    /** Runs {@code tasks} tasks and waits until every run is acknowledged by the broker. */
    Traffic run(int tasks) {
        for (int i = 0; i < tasks; i++) {
            String key = deployment + "-task-" + sent++;
            JsonNode assignment = Http.get(routerUrl + key).body();
            String digest = assignment.get("digest").asText();
            Arm arm = Arm.valueOf(assignment.get("arm").asText());
            Behaviour behaviour = behaviourByDigest.get(digest);
            boolean success = random.nextDouble() < behaviour.successRate();
            Instant now = Instant.now();
            producer.send(new ProducerRecord<>(Topics.RUNS.name(), deployment, RunCompleted.newBuilder()
                    .setRunId(UUID.randomUUID().toString())
                    .setDeployment(deployment)
                    .setDigest(digest)
                    .setArm(arm)
                    .setEpoch(assignment.get("epoch").asLong())
                    .setTaskKey(key)
                    .setInputDigest("sha256:" + "0".repeat(64))
                    .setWorkerId("e2e-worker")
                    .setOutcome(success ? RunOutcome.SUCCEEDED : RunOutcome.FAILED)
                    .setHumanIntervention(false)
                    .setCostUsd(behaviour.costUsd())
                    .setLatencyMs(800)
                    .setStartedAt(now)
                    .setCompletedAt(now)
                    .build()));
            sentByArm.merge(arm, 1, Integer::sum);
        }
        producer.flush();
        return this;
    }

    int sent() {
        return sent;
    }

    int sent(Arm arm) {
        return sentByArm.getOrDefault(arm, 0);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
