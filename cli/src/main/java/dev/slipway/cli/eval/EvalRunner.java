package dev.slipway.cli.eval;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.release.EvalGrader;

/**
 * Runs an eval suite against a worker pinned to the release under test: each case's input is sent as a task
 * ({@code POST {worker}/tasks}, the worker contract the router uses, tagged with the eval deployment so its runs are
 * never a production deployment's) and the answer is graded against the case's expected value. A case the worker
 * does not answer, or answers with an error, scores 0 and says why.
 */
public final class EvalRunner {

    /** One case of the suite under test. */
    public record Case(String id, JsonNode input, JsonNode expected) {
    }

    /** What one case scored, the answer it was scored on, or why there was none. */
    public record Outcome(String caseId, double score, JsonNode answer, JsonNode expected, String error) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Duration taskTimeout;
    private final int parallelism;

    public EvalRunner(Duration taskTimeout, int parallelism) {
        this.taskTimeout = taskTimeout;
        this.parallelism = parallelism;
    }

    /** The cases and graders of a suite as the builder shows a candidate's ({@code GET /api/v1/candidates/{d}}). */
    public static List<Case> cases(JsonNode suite) {
        List<Case> cases = new ArrayList<>();
        suite.path("cases").forEach(c -> cases.add(new Case(c.path("id").asText(), c.path("input"), c.path("expected"))));
        return cases;
    }

    public static List<EvalGrader> graders(JsonNode suite) {
        List<EvalGrader> graders = new ArrayList<>();
        suite.path("graders").forEach(g -> graders.add(new EvalGrader(g.path("field").asText(), g.path("weight").asDouble(1),
                EvalGrader.Match.valueOf(g.path("match").asText("EXACT").toUpperCase(java.util.Locale.ROOT)))));
        return graders;
    }

    /** Every case's outcome, in suite order. */
    public List<Outcome> run(URI worker, String deployment, List<EvalGrader> graders, List<Case> cases) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, cases.size())));
        try {
            List<Future<Outcome>> pending = new ArrayList<>();
            for (Case c : cases) {
                pending.add(pool.submit(() -> runOne(worker, deployment, graders, c)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : pending) {
                outcomes.add(f.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the evals", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an eval case failed to run: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome runOne(URI worker, String deployment, List<EvalGrader> graders, Case c) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(worker.toString().replaceAll("/+$", "") + "/tasks"))
                    .timeout(taskTimeout)
                    .header("Content-Type", "application/json")
                    .header("Slipway-Deployment", deployment)
                    .header("Slipway-Arm", "STABLE")
                    .header("Slipway-Task-Key", "eval:" + c.id())
                    .POST(HttpRequest.BodyPublishers.ofString(c.input().toString())).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Outcome(c.id(), 0, null, c.expected(), "the worker did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(c.id(), 0, null, c.expected(), "interrupted");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            return new Outcome(c.id(), 0, null, c.expected(), "HTTP " + response.statusCode() + ", not JSON");
        }
        if (response.statusCode() != 200) {
            return new Outcome(c.id(), 0, answer, c.expected(), "HTTP " + response.statusCode() + ": "
                    + answer.path("detail").asText(answer.toString()));
        }
        String outcome = answer.path("outcome").asText("ANSWERED");
        if (!outcome.equals("ANSWERED")) {
            // Stopped by a ceiling or refused a tool: the agent gave no answer to grade.
            return new Outcome(c.id(), 0, answer, c.expected(), outcome.toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (answer.hasNonNull("detail") ? ": " + answer.path("detail").asText() : ""));
        }
        return new Outcome(c.id(), EvalGrader.score(graders, answer, c.expected()), answer, c.expected(), null);
    }

    /** The results file of these outcomes: {@code {"suiteDigest", "scores": [{"caseId", "score"}]}}. */
    public static ObjectNode results(String suiteDigest, List<Outcome> outcomes) {
        ObjectNode results = JsonNodeFactory.instance.objectNode().put("suiteDigest", suiteDigest);
        var scores = results.putArray("scores");
        outcomes.forEach(o -> scores.addObject().put("caseId", o.caseId()).put("score", o.score()));
        return results;
    }
}
