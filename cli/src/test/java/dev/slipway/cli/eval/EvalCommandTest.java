package dev.slipway.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.slipway.cli.CliHarness;
import dev.slipway.cli.FakeBuilder;

/** {@code slipway eval} against a canned builder and a worker that answers from a table: what is scored and sent. */
class EvalCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final String SUITE_DIGEST = "sha256:" + "cd".repeat(32);
    static final String CANDIDATE = """
            {"digest":"%s","agent":"support-triage","alreadyBuilt":false,
             "suite":{"name":"triage","digest":"%s","passScore":0.6,"threshold":%s,
                      "graders":[{"field":"category","weight":0.6,"match":"EXACT"},{"field":"priority","weight":0.4,"match":"EXACT"}],
                      "cases":[{"id":"billing","input":{"subject":"Charged twice"},"expected":{"category":"billing","priority":"normal"}},
                               {"id":"outage","input":{"subject":"Production is down"},"expected":{"category":"technical","priority":"urgent"}},
                               {"id":"loop","input":{"subject":"Keep searching"},"expected":{"category":"technical","priority":"low"}}]},
             "signature":{"algorithm":"Ed25519","keyId":"k","publicKey":"p","value":"v"}}""";
    static final String BUILT = """
            {"digest":"%s","agent":"support-triage","created":true,"labels":[],
             "evaluation":{"suite":"triage","suiteDigest":"%s","threshold":0.5,"score":0.6,"verdict":"PASSED","cases":[]}}"""
            .formatted(DIGEST, SUITE_DIGEST);

    @TempDir
    Path home;
    FakeBuilder builder;
    HttpServer worker;
    final List<Map<String, String>> tasks = new CopyOnWriteArrayList<>();
    CliHarness cli;

    /** The worker: billing right, outage with the wrong priority, the loop stopped by a ceiling. */
    @BeforeEach
    void start() throws IOException {
        builder = new FakeBuilder();
        worker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        worker.createContext("/tasks", ex -> {
            JsonNode ticket = JSON.readTree(ex.getRequestBody());
            tasks.add(Map.of("key", ex.getRequestHeaders().getFirst("Slipway-Task-Key"),
                    "deployment", ex.getRequestHeaders().getFirst("Slipway-Deployment")));
            String subject = ticket.path("subject").asText();
            String answer = subject.startsWith("Charged") ? "{\"outcome\":\"ANSWERED\",\"category\":\"billing\",\"priority\":\"normal\"}"
                    : subject.startsWith("Production") ? "{\"outcome\":\"ANSWERED\",\"category\":\"technical\",\"priority\":\"high\"}"
                    : "{\"outcome\":\"STOPPED\",\"ceiling\":\"TOOL_CALLS\",\"detail\":\"the task made 4 tool calls\"}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        });
        worker.start();
        cli = new CliHarness(home).env("SLIPWAY_BUILDER_URL", builder.url());
    }

    @AfterEach
    void stop() {
        builder.close();
        worker.stop(0);
    }

    String workerUrl() {
        return "http://127.0.0.1:" + worker.getAddress().getPort();
    }

    @Test
    void resultsThatReachTheThresholdAreAttachedAndTheReleaseIsBuilt() throws Exception {
        builder.answer("GET /api/v1/candidates/" + DIGEST, 200, CANDIDATE.formatted(DIGEST, SUITE_DIGEST, "0.5"));
        builder.answer("POST /api/v1/candidates/" + DIGEST + "/results", 201, BUILT);

        CliHarness.Result r = cli.run("eval", DIGEST, "--worker", workerUrl());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("billing", "1.00", "outage", "0.60", "priority: got \"high\", expected \"urgent\"",
                "loop", "0.00", "stopped: the task made 4 tool calls", "score 0.5333 ≥ threshold 0.5000: PASSED", "built");
        assertThat(tasks).extracting(t -> t.get("key")).containsExactlyInAnyOrder("eval:billing", "eval:outage", "eval:loop");
        assertThat(tasks).extracting(t -> t.get("deployment")).containsOnly("support-triage/eval");
        JsonNode attached = JSON.readTree(builder.requests().stream()
                .filter(q -> q.pathAndQuery().endsWith("/results")).findFirst().orElseThrow().body());
        assertThat(attached.path("suiteDigest").asText()).isEqualTo(SUITE_DIGEST);
        assertThat(attached.path("scores").findValuesAsText("caseId")).containsExactly("billing", "outage", "loop");
        assertThat(attached.path("scores").findValues("score")).extracting(JsonNode::asDouble).containsExactly(1.0, 0.6, 0.0);
    }

    @Test
    void resultsBelowTheThresholdAreNotAttachedAndNothingIsBuilt() {
        builder.answer("GET /api/v1/candidates/" + DIGEST, 200, CANDIDATE.formatted(DIGEST, SUITE_DIGEST, "0.85"));

        CliHarness.Result r = cli.run("eval", DIGEST, "--worker", workerUrl());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("score 0.5333 < threshold 0.8500: FAILED", "never leaves the build");
        assertThat(builder.requests()).noneMatch(q -> q.method().equals("POST"));
    }

    @Test
    void aFolderIsProposedAndNoAttachOnlyWritesTheResults() throws Exception {
        builder.answer("POST /api/v1/candidates?label=rc1", 201, CANDIDATE.formatted(DIGEST, SUITE_DIGEST, "0.5"));
        Path sample = Path.of("..", "examples", "support-triage");
        Path out = home.resolve("results.json");

        CliHarness.Result r = cli.run("eval", sample.toString(), "--worker", workerUrl(), "--no-attach", "--out", out.toString(),
                "--label", "rc1");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode proposed = JSON.readTree(builder.requests().get(0).body());
        assertThat(proposed.path("manifestName").asText()).isEqualTo("release.yaml");
        assertThat(JSON.readTree(Files.readString(out)).path("scores")).hasSize(3);
        assertThat(builder.requests()).noneMatch(q -> q.pathAndQuery().endsWith("/results"));
    }

    @Test
    void releaseBuildOfAManifestWithoutResultsRunsTheSuiteOnAPinnedWorkerAndAttachesTheResults() throws Exception {
        builder.answer("POST /api/v1/candidates?label=v1", 201, CANDIDATE.formatted(DIGEST, SUITE_DIGEST, "0.5"));
        builder.answer("POST /api/v1/candidates/" + DIGEST + "/results", 201, BUILT);
        Path folder = home.resolve("release");
        copy(Path.of("src", "test", "resources", "releases", "support-triage"), folder);
        Files.writeString(folder.resolve("release.yaml"), Files.readString(folder.resolve("release.yaml"))
                .replaceAll("(?m)^\\s*results:.*\\R", ""));
        List<String> pinned = new CopyOnWriteArrayList<>();
        List<String> released = new CopyOnWriteArrayList<>();
        cli.configure(ctx -> ctx.override(EvalService.Workers.class, c -> (agent, digest, deployment) -> {
            pinned.add(agent + " " + digest + " " + deployment);
            return new EvalService.Lease(java.net.URI.create(workerUrl()), () -> released.add(digest));
        }));

        CliHarness.Result r = cli.run("release", "build", folder.toString(), "--label", "v1");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(pinned).containsExactly("support-triage " + DIGEST + " support-triage/eval");
        assertThat(released).as("the worker is let go after the evals").containsExactly(DIGEST);
        assertThat(r.out()).contains("names no eval results", "PASSED", "built");
        assertThat(builder.requests()).extracting(FakeBuilder.Request::pathAndQuery)
                .containsExactly("/api/v1/candidates?label=v1", "/api/v1/candidates/" + DIGEST + "/results");
    }

    @Test
    void releaseBuildOfAManifestThatNamesResultsSendsThemWithoutRunningAnything() throws Exception {
        builder.answer("POST /api/v1/releases", 201, BUILT);
        cli.configure(ctx -> ctx.override(EvalService.Workers.class, c -> {
            throw new AssertionError("no worker is needed when the manifest names results");
        }));

        CliHarness.Result r = cli.run("release", "build", Path.of("src", "test", "resources", "releases", "support-triage").toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(builder.requests()).extracting(FakeBuilder.Request::pathAndQuery).containsExactly("/api/v1/releases");
        assertThat(tasks).isEmpty();
    }

    static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void neitherAFolderNorADigestIsAUsageErrorAndAnUnknownCandidateIsTheBuildersProblem() {
        CliHarness.Result usage = cli.run("eval", "support-triage@v1", "--worker", workerUrl());
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("neither a release folder nor a candidate's digest");

        builder.answer("GET /api/v1/candidates/" + DIGEST, 404, """
                {"type":"https://slipway.dev/problems/candidate-not-found","title":"No such candidate","status":404,
                 "detail":"no release %s is waiting for eval results"}""".formatted(DIGEST));
        CliHarness.Result unknown = cli.run("eval", DIGEST, "--worker", workerUrl());
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("No such candidate");
        assertThat(tasks).isEmpty();
    }
}
