package dev.slipway.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.FakeBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release verbs against a canned builder: what is sent, what is printed, which exit status. */
class ReleaseCommandsTest {

    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final String OTHER = "sha256:" + "cd".repeat(32);
    static final String VIEW = """
            {"digest":"%s","agent":"support-triage","created":true,"labels":["canary"],
             "parts":{"code":"sha256:%s","model":"sha256:%s","prompts":"sha256:%s","tools":"sha256:%s","index":"sha256:%s"},
             "model":{"provider":"anthropic","name":"claude-sonnet-4","snapshot":"2025-05-14"},
             "code":{"repository":"https://git.example.com/agents/support-triage.git","commit":"0123456789abcdef0123456789abcdef01234567","image":null},
             "index":{"corpus":"support-kb","buildId":"support-kb-2025-06-02.3"},
             "prompts":[{"name":"system","digest":"sha256:%s","sizeBytes":28}],
             "tools":[{"name":"search_kb","scopes":["kb:read"],"maxCallsPerTask":5}],
             "evaluation":{"suite":"triage-suite","suiteDigest":"sha256:%s","threshold":0.8,"score":1.0,"verdict":"PASSED",
                           "cases":[{"caseId":"billing","score":1.0,"passed":true}]},
             "signature":{"algorithm":"Ed25519","keyId":"builder-dev","publicKey":"MCow","value":"c2ln"},
             "builtBy":"builder-service","builtAt":"2026-01-05T10:00:00Z"}"""
            .formatted(DIGEST, "1".repeat(64), "2".repeat(64), "3".repeat(64), "4".repeat(64), "5".repeat(64), "6".repeat(64), "7".repeat(64));

    @TempDir
    Path home;
    FakeBuilder builder;
    CliHarness cli;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        builder = new FakeBuilder();
        cli = new CliHarness(home).env("SLIPWAY_BUILDER_URL", builder.url());
    }

    @AfterEach
    void stop() {
        builder.close();
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(ReleaseCommandsTest.class.getResource("/releases/" + name).toURI());
    }

    // --- build ---------------------------------------------------------------------------------------------------

    @Test
    void buildPostsTheBundleAndPrintsTheNewDigest() throws Exception {
        builder.answer("POST /api/v1/releases?label=canary", 201, VIEW);

        CliHarness.Result r = cli.run("release", "build", fixture("support-triage").toString(), "--label", "canary");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("built " + DIGEST + " (new)")
                .contains("label support-triage@canary → " + DIGEST)
                .contains("anthropic claude-sonnet-4 snapshot 2025-05-14")
                .contains("search_kb [kb:read] max 5/task")
                .contains("PASSED");
        assertThat(builder.requests()).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.contentType()).isEqualTo("application/json");
            JsonNode body = json.readTree(req.body());
            assertThat(body.path("manifestName").asText()).isEqualTo("release.yaml");
            assertThat(body.path("manifest").asText()).contains("agent: support-triage");
            assertThat(body.path("files").path("prompts/system.md").asText()).isEqualTo("You triage support tickets.\n");
            assertThat(body.path("files").has("tools/search_kb.yaml")).isTrue();
        });
    }

    @Test
    void buildOfExistingContentSaysSo() throws Exception {
        builder.answer("POST /api/v1/releases", 200, VIEW.replace("\"created\":true", "\"created\":false"));

        CliHarness.Result r = cli.run("release", "build", fixture("support-triage").resolve("release.yaml").toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("unchanged " + DIGEST + " (already existed");
    }

    @Test
    void buildRefusedByTheBuilderPrintsTitleDetailAndViolations() throws Exception {
        builder.answer("POST /api/v1/releases", 422, """
                {"type":"https://slipway.dev/problems/eval-below-threshold","title":"Evaluation below threshold","status":422,
                 "detail":"score 0.50 < threshold 0.80","instance":"/api/v1/releases",
                 "violations":[{"field":"evals.results","message":"case billing scored 0.5"},
                               {"field":"model.snapshot","message":"not pinned"}]}""");

        CliHarness.Result r = cli.run("release", "build", fixture("support-triage").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("Evaluation below threshold (HTTP 422)")
                .contains("score 0.50 < threshold 0.80")
                .contains("- evals.results: case billing scored 0.5")
                .contains("- model.snapshot: not pinned");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void labelConflictIsAFailure() throws Exception {
        builder.answer("POST /api/v1/releases?label=prod", 409, """
                {"title":"Label already bound","status":409,"detail":"support-triage@prod is bound to %s"}""".formatted(OTHER));

        CliHarness.Result r = cli.run("release", "build", fixture("support-triage").toString(), "--label=prod");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("Label already bound (HTTP 409)").contains(OTHER);
    }

    @Test
    void buildWithJsonOutputPrintsTheBuildersAnswer() throws Exception {
        builder.answer("POST /api/v1/releases", 201, VIEW);

        CliHarness.Result r = cli.run("--output", "json", "release", "build", fixture("support-triage").toString());

        assertThat(r.exitCode()).isZero();
        assertThat(json.readTree(r.out())).isEqualTo(json.readTree(VIEW));
    }

    @Test
    void problemWithJsonOutputIsPrintedAsJsonOnStdout() throws Exception {
        String problem = "{\"title\":\"Invalid release\",\"status\":422,\"violations\":[{\"field\":\"agent\",\"message\":\"required\"}]}";
        builder.answer("POST /api/v1/releases", 422, problem);

        CliHarness.Result r = cli.run("release", "build", fixture("support-triage").toString(), "--output", "json");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(json.readTree(r.out())).isEqualTo(json.readTree(problem));
    }

    @Test
    void anInvalidReleaseIsRefusedLocallyWithoutCallingTheBuilder() throws Exception {
        CliHarness.Result r = cli.run("release", "build", fixture("invalid").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("Invalid release")
                .contains("nothing was sent")
                .contains("- model.snapshot: 'latest' is an alias")
                .contains("- tools[0]: file 'tools/missing.yaml' not found");
        assertThat(builder.requests()).isEmpty();
    }

    @Test
    void aHugeSparsePromptIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        copy(fixture("support-triage"), dir);
        try (var file = new java.io.RandomAccessFile(dir.resolve("prompts/system.md").toFile(), "rw")) {
            file.setLength(3L * 1024 * 1024 * 1024);
        }
        CliHarness.Result r = cli.run("release", "build", dir.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("nothing was sent")
                .contains("- prompts.system: 'prompts/system.md' is 3221225472 bytes, over the prompt size limit of 1 MiB");
        assertThat(builder.requests()).isEmpty();
    }

    @Test
    void aBusyBuilderIsAskedAgainAfterItsRetryAfter() throws Exception {
        builder.answer("POST /api/v1/releases", 201, VIEW).busyFirst("POST /api/v1/releases", 1);

        CliHarness.Result r = cli.run("release", "build", fixture("support-triage").toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("built " + DIGEST);
        assertThat(builder.requests()).hasSize(2);
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void aMissingFolderIsAUsageError() {
        CliHarness.Result r = cli.run("release", "build", home.resolve("nope").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no such release folder");
    }

    // --- show / list / verify --------------------------------------------------------------------------------------

    @Test
    void showByDigest() throws Exception {
        builder.answer("GET /api/v1/releases/" + DIGEST, 200, VIEW);

        CliHarness.Result r = cli.run("release", "show", DIGEST.toUpperCase().replace("SHA256", "sha256"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("release " + DIGEST)
                .contains("support-triage")
                .contains("https://git.example.com/agents/support-triage.git @ 0123456789abcdef0123456789abcdef01234567")
                .contains("system (28 B)")
                .contains("Ed25519 key builder-dev")
                .contains("prompts  sha256:" + "3".repeat(64));
        assertThat(r.out()).doesNotContain("\u001B[");
    }

    @Test
    void showByLabel() {
        builder.answer("GET /api/v1/releases/support-triage@prod", 200, VIEW);

        CliHarness.Result r = cli.run("release", "show", "support-triage@prod");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(builder.requests()).extracting(FakeBuilder.Request::pathAndQuery).containsExactly("/api/v1/releases/support-triage@prod");
    }

    @Test
    void unknownReleaseIsAFailureWithTheProblem() {
        builder.answer("GET /api/v1/releases/support-triage@nope", 404,
                "{\"title\":\"Release not found\",\"status\":404,\"detail\":\"no release support-triage@nope\"}");

        CliHarness.Result r = cli.run("release", "show", "support-triage@nope");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("Release not found (HTTP 404)").contains("no release support-triage@nope");
    }

    @Test
    void nonJsonServerErrorIsReported() {
        builder.answerRaw("GET /api/v1/releases/" + DIGEST, 502, "text/html", "<html>Bad Gateway</html>");

        CliHarness.Result r = cli.run("release", "show", DIGEST);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("answered HTTP 502").contains("Bad Gateway");
    }

    @Test
    void listShowsAnAgentsReleasesNewestFirst() {
        builder.answer("GET /api/v1/agents/support-triage/releases?page=0&size=2", 200,
                "{\"items\":[" + VIEW + "," + VIEW.replace(DIGEST, OTHER).replace("[\"canary\"]", "[]") + "],\"page\":0,\"size\":2,\"total\":3}");

        CliHarness.Result r = cli.run("release", "list", "support-triage", "--size", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("support-triage: 3 releases").contains("page 0 of 0..1");
        assertThat(r.out().indexOf(DIGEST)).isLessThan(r.out().indexOf(OTHER));
    }

    @Test
    void verifyPassesOnlyWhenEverythingChecksOut() {
        builder.answer("GET /api/v1/releases/" + DIGEST + "/verification", 200,
                "{\"digest\":\"" + DIGEST + "\",\"contentMatchesDigest\":true,\"signatureValid\":true,\"keyId\":\"builder-dev\",\"trusted\":true}");
        builder.answer("GET /api/v1/releases/" + OTHER + "/verification", 200,
                "{\"digest\":\"" + OTHER + "\",\"contentMatchesDigest\":true,\"signatureValid\":false,\"keyId\":\"stranger\",\"trusted\":false}");

        CliHarness.Result ok = cli.run("release", "verify", DIGEST);
        CliHarness.Result bad = cli.run("release", "verify", OTHER);

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("signature valid         yes").contains("builder-dev (trusted)").contains("verified");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.out()).contains("signature valid         NO").contains("stranger (NOT trusted)").contains("NOT verified");
    }

    // --- diff ------------------------------------------------------------------------------------------------------

    static final String DIFF = """
            {"fromDigest":"%s","toDigest":"%s","changedParts":["PROMPTS"],"changes":[],
             "text":"release %s → %s\\nchanged parts: prompts\\n\\n== prompts ==\\n--- a/prompts/system.md\\n+++ b/prompts/system.md\\n@@ -1 +1 @@\\n-You triage support tickets.\\n+You triage support tickets politely.\\n"}"""
            .formatted(DIGEST, OTHER, DIGEST, OTHER);

    @Test
    void diffIsPlainWithoutATerminal() {
        builder.answer("GET /api/v1/releases/" + DIGEST + "/diff/support-triage@prod", 200, DIFF);

        CliHarness.Result r = cli.run("release", "diff", DIGEST, "support-triage@prod");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("release " + DIGEST + " → " + OTHER)
                .contains("changed parts: prompts")
                .contains("\n-You triage support tickets.\n")
                .contains("\n+You triage support tickets politely.\n")
                .doesNotContain("\u001B[");
    }

    @Test
    void diffIsColouredOnATerminal() {
        builder.answer("GET /api/v1/releases/" + DIGEST + "/diff/" + OTHER, 200, DIFF);

        CliHarness.Result r = cli.terminal(true).run("release", "diff", DIGEST, OTHER);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("\u001B[31m-You triage support tickets.\u001B[0m")
                .contains("\u001B[32m+You triage support tickets politely.\u001B[0m")
                .contains("\u001B[1m== prompts ==\u001B[0m")
                .contains("\u001B[1m--- a/prompts/system.md\u001B[0m")
                .contains("\u001B[36m@@ -1 +1 @@\u001B[0m");
    }

    @Test
    void noColorAndNO_COLORTurnColoursOff() {
        builder.answer("GET /api/v1/releases/" + DIGEST + "/diff/" + OTHER, 200, DIFF);

        assertThat(cli.terminal(true).run("release", "diff", DIGEST, OTHER, "--no-color").out()).doesNotContain("\u001B[");
        assertThat(cli.terminal(true).run("--no-color", "release", "diff", DIGEST, OTHER).out()).doesNotContain("\u001B[");
        assertThat(cli.terminal(true).env("NO_COLOR", "1").run("release", "diff", DIGEST, OTHER).out()).doesNotContain("\u001B[");
    }

    @Test
    void identicalReleasesHaveNoDifferences() {
        builder.answer("GET /api/v1/releases/" + DIGEST + "/diff/" + DIGEST, 200,
                "{\"fromDigest\":\"" + DIGEST + "\",\"toDigest\":\"" + DIGEST + "\",\"changedParts\":[],\"changes\":[],\"text\":\"\"}");

        CliHarness.Result r = cli.run("release", "diff", DIGEST, DIGEST);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("no differences");
    }

    // --- where the builder is --------------------------------------------------------------------------------------

    @Test
    void unreachableBuilderSaysToStartTheStack() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliHarness.Result r = new CliHarness(home).run("release", "show", DIGEST, "--builder-url", "http://127.0.0.1:" + closed);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("cannot reach the builder at http://127.0.0.1:" + closed)
                .contains("Is the stack up? Run bin/slipway up");
    }

    @Test
    void builderUrlComesFromFlagThenEnvThenStackJson() throws Exception {
        builder.answer("GET /api/v1/releases/" + DIGEST, 200, VIEW);
        Files.createDirectories(home.resolve(".slipway"));
        Files.writeString(home.resolve(".slipway/stack.json"), """
                {"home":"%s","components":[{"name":"builder-service","pid":1,"url":"%s","ports":[1],"log":"x"}]}"""
                .formatted(home, builder.url()));

        // stack.json alone
        assertThat(new CliHarness(home).run("release", "show", DIGEST).exitCode()).isZero();
        // the environment beats stack.json
        CliHarness.Result env = new CliHarness(home).env("SLIPWAY_BUILDER_URL", "http://127.0.0.1:1").run("release", "show", DIGEST);
        assertThat(env.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        // the flag beats the environment
        CliHarness.Result flag = new CliHarness(home).env("SLIPWAY_BUILDER_URL", "http://127.0.0.1:1")
                .run("release", "--builder-url", builder.url() + "/", "show", DIGEST);
        assertThat(flag.exitCode()).as(flag.toString()).isZero();
        assertThat(builder.requests()).hasSize(2);
    }
}
