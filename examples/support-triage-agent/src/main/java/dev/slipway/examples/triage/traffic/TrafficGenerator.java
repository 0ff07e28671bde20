package dev.slipway.examples.triage.traffic;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.agent.kafka.KafkaFeedbackReporter;

/**
 * Live traffic for the sample: tickets from the corpus sent through the router's task API, each graded against its
 * ground truth when the answer comes back, the grade sent as late feedback on {@code slipway.run-feedback} (a wrong
 * triage is one a person had to fix: an intervention). Deterministic: task {@code n} is ticket {@code n mod size}.
 */
public final class TrafficGenerator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one task came back with. */
    public record Result(String taskKey, int status, String digest, String arm, String outcome, boolean right,
            String ceiling, String answeredBy, double costUsd) {
    }

    /** Counts by digest and arm, as the demo prints them. */
    public static final class Tally {
        private final Map<String, long[]> byDigestArm = new TreeMap<>();
        private final Map<String, Double> spendByDigest = new TreeMap<>();
        private long stopped;
        private long failed;

        synchronized void add(Result r) {
            if (r.status() != 200) {
                failed++;
                return;
            }
            if ("STOPPED".equals(r.outcome())) {
                stopped++;
            }
            spendByDigest.merge(r.digest(), r.costUsd(), Double::sum);
            long[] n = byDigestArm.computeIfAbsent(r.digest() + " " + r.arm(), k -> new long[2]);
            n[0]++;
            n[1] += r.right() ? 1 : 0;
        }

        public synchronized Map<String, long[]> byDigestArm() {
            return new TreeMap<>(byDigestArm);
        }

        public synchronized Map<String, Double> spendByDigest() {
            return new TreeMap<>(spendByDigest);
        }

        public synchronized long stopped() {
            return stopped;
        }

        public synchronized long failed() {
            return failed;
        }
    }

    private final String routerUrl;
    private final String deployment;
    private final List<Ticket> corpus = Ticket.corpus();
    private final KafkaFeedbackReporter feedback;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong sent = new AtomicLong();
    private final Tally tally = new Tally();

    private final String bearer;

    /** @param clientToken a bearer token with the {@code client} role: the only thing a task submitter needs */
    public TrafficGenerator(String routerUrl, String deployment, String bootstrap, String registryUrl, String clientToken) {
        this.bearer = "Bearer " + clientToken;
        this.routerUrl = routerUrl.replaceAll("/+$", "");
        this.deployment = deployment;
        this.feedback = new KafkaFeedbackReporter(bootstrap, registryUrl, "traffic-generator");
    }

    public Tally tally() {
        return tally;
    }

    /** Sends {@code tasks} tasks one after the other; returns the last result. */
    public Result run(int tasks) {
        Result last = null;
        for (int i = 0; i < tasks; i++) {
            last = one(corpus.get((int) (sent.get() % corpus.size())), deployment.replace('/', '-') + "-" + sent.getAndIncrement());
        }
        feedback.flush();
        return last;
    }

    /** Sends one ticket with its own text as input, e.g. one that makes the model loop. */
    public Result send(String taskKey, String subject, String body) {
        return one(new Ticket(subject, body, "technical", "normal"), taskKey);
    }

    private Result one(Ticket ticket, String taskKey) {
        String body = JSON.createObjectNode().put("taskKey", taskKey).set("input", ticket.input()).toString();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(routerUrl + "/api/v1/deployments/" + deployment + "/tasks"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("Authorization", bearer)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            Result failed = new Result(taskKey, -1, null, null, "UNREACHABLE", false, null, null, 0);
            tally.add(failed);
            return failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            answer = JSON.createObjectNode();
        }
        String digest = response.headers().firstValue("Slipway-Digest").orElse(null);
        String arm = response.headers().firstValue("Slipway-Arm").orElse(null);
        boolean right = response.statusCode() == 200 && ticket.gradedRight(answer);
        String runId = answer.path("runId").asText(null);
        if (runId != null && "ANSWERED".equals(answer.path("outcome").asText())) {
            feedback.report(runId, deployment, right, !right);
        }
        Result result = new Result(taskKey, response.statusCode(), digest, arm, answer.path("outcome").asText(null), right,
                answer.path("ceiling").asText(null), answer.path("answeredBy").asText(null), answer.path("costUsd").asDouble(0));
        tally.add(result);
        return result;
    }

    @Override
    public void close() {
        feedback.close();
    }
}
