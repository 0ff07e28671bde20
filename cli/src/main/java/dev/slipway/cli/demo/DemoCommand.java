package dev.slipway.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.JsonApi;
import dev.slipway.cli.Output;
import dev.slipway.cli.Styles;
import dev.slipway.cli.eval.EvalService;
import dev.slipway.cli.release.BuilderClient;
import dev.slipway.cli.release.ReleaseRef;
import dev.slipway.cli.release.ReleaseRenderer;
import dev.slipway.cli.release.ReleaseService;
import dev.slipway.cli.stack.Component;
import dev.slipway.cli.stack.PortSetting;
import dev.slipway.cli.stack.StackPorts;
import dev.slipway.cli.stack.StackService;
import dev.slipway.cli.stack.StackState;
import dev.slipway.events.Alert;
import dev.slipway.examples.triage.traffic.TrafficGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slipway demo}: the whole product on live traffic, in a few minutes, on the local stack. Proposes v1 of the
 * sample agent and a v2 whose one changed prompt line makes it mark every billing ticket urgent; runs a warm worker
 * for each, runs each one's eval suite against it and builds both (v2 passes: its suite has 2 billing tickets in 10,
 * while more than half the live tickets are billing); deploys v1 and sends it tickets; canaries v2 and lets its own graded runs abort it; shows the alert and the prompt
 * line behind it; takes the primary model provider down (tasks fail over, none fails); sends a ticket that makes the
 * model loop (its ceiling stops it); prints a summary; leaves everything running.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Slipway on live traffic: canary, auto-abort, failover and a runaway ceiling, end to end.",
                "",
                "Starts the local stack if it is not up, two simulated model providers and one worker per release,",
                "then drives tickets through the router and narrates what Slipway does. Leaves it all running;",
                "bin/slipway down stops it."})
public final class DemoCommand implements Callable<Integer> {

    static final String REGRESSING_LINE = "Mark every billing ticket as urgent so that no payment problem waits.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliContext ctx;

    @Option(names = "--deployment", paramLabel = "<agent/env>",
            description = "Deployment to use (default: a fresh support-triage/demo-<n>, so every run starts clean).")
    String deployment;

    @Option(names = "--max-canary-tasks", paramLabel = "<n>", defaultValue = "2000",
            description = "Give up waiting for the judge after this many tasks (default ${DEFAULT-VALUE}).")
    int maxCanaryTasks;

    public DemoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Held so the setting stays: the registry client's JUL warnings are noise in a narrated demo. */
    private static final java.util.logging.Logger APICURIO_LOG = java.util.logging.Logger.getLogger("io.apicurio");

    @Override
    public Integer call() throws Exception {
        APICURIO_LOG.setLevel(java.util.logging.Level.SEVERE);
        Output out = ctx.output();
        Styles s = out.styles();
        long started = System.nanoTime();
        String dep = deployment != null ? deployment : "support-triage/demo-" + (Instant.now().getEpochSecond() % 100_000);

        step(out, 1, "the local stack");
        StackService stack = ctx.stackService();
        if (!stackUp()) {
            int up = stack.up(new StackService.UpRequest(StackPorts.resolve(Map.<PortSetting, Integer>of(), Map.of()), true,
                    Duration.ofSeconds(180), List.of()));
            if (up != ExitCodes.OK || !stackUp()) {
                throw new CliException(ExitCodes.FAILED, "the local stack did not come up: see bin/slipway status");
            }
        }
        StackState state = StackState.load(ctx.layout().stackFile()).orElseThrow();
        String kafka = state.urlOf(Component.KAFKA.id()).orElseThrow();
        String registry = state.urlOf(Component.REGISTRY.id()).orElseThrow();
        String router = state.urlOf(Component.ROUTER.id()).orElseThrow();
        out.line("  up: kafka " + kafka + ", router " + router + ", builder " + state.urlOf(Component.BUILDER.id()).orElse("?"));

        step(out, 2, "two simulated model providers serving claude-sonnet-4 2025-05-14");
        LocalAgents agents = new LocalAgents(ctx.layout(), stack);
        List<LocalAgents.Provider> providers = agents.ensureProviders();
        providers.forEach(p -> fault(p, "NONE"));
        providers.forEach(p -> out.line("  " + p.name() + "/" + p.region() + " at " + p.url()));

        step(out, 3, "v1 of the sample agent and v2 with one changed prompt line: a warm worker pinned to each runs its evals");
        BuilderClient builder = new BuilderClient(ctx.builderUrl(), Duration.ofSeconds(3), Duration.ofSeconds(120));
        EvalService evals = new EvalService(builder, out, () -> {
            throw new IllegalStateException("the demo brings its own workers");
        }, ctx.releaseService());
        Path sample = ctx.home().resolve("examples/support-triage");
        Path v1dir = withoutResults(sample, ctx.layout().stateDir().resolve("demo/support-triage-v1"), false);
        Path v2dir = withoutResults(sample, ctx.layout().stateDir().resolve("demo/support-triage-v2"), true);
        List<String> digests = new ArrayList<>();
        for (Path dir : List.of(v1dir, v2dir)) {
            String name = dir.equals(v1dir) ? "v1" : "v2";
            EvalService.Evaluated e = evals.proposeAndEvaluate(ReleaseService.read(dir), candidate -> {
                StackState.Entry w = agents.ensureWorker("support-triage", candidate.path("digest").asText(), dep, providers);
                out.line("  " + name + " worker " + w.name() + " at " + w.url() + " (pid " + w.pid() + "), pinned to the candidate");
                return URI.create(w.url());
            });
            if (!e.passed()) {
                throw new CliException(ExitCodes.FAILED, name + " did not pass its evals (" + e.score() + ")");
            }
            out.line("  " + name + " " + s.bold(e.digest()) + String.format(Locale.ROOT, ": evals %.2f ≥ %.2f, built",
                    e.score(), e.threshold()));
            digests.add(e.digest());
        }
        String v1 = digests.get(0);
        String v2 = digests.get(1);
        new ReleaseRenderer(s).diff(builder.diff(ReleaseRef.parse(v1), ReleaseRef.parse(v2)).body()).stream()
                .filter(l -> l.contains(REGRESSING_LINE)).findFirst().ifPresent(l -> out.line("  diff: " + l.trim()));
        out.line("  v2 passed: its suite has 2 billing tickets in 10, but more than half the live tickets are billing");

        try (TrafficGenerator traffic = new TrafficGenerator(router, dep, kafka, registry)) {
            step(out, 4, "deploy v1 to " + dep + " and send it live tickets");
            JsonApi routerApi = new JsonApi("router", "--router-url", URI.create(router), Duration.ofSeconds(3), Duration.ofSeconds(30));
            routerApi.post("/api/v1/deployments/" + dep + "/rollouts", JSON.createObjectNode().put("candidate", v1));
            routerApi.send(java.net.http.HttpRequest.newBuilder(routerApi.uri("/api/v1/deployments/" + dep + "/budget"))
                    .header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"spendUsdPerHour\":10,\"spendUsdPerDay\":50,"
                            + "\"tasksPerMinute\":3000,\"reservePerTaskUsd\":0.25}")));
            out.line("  budget: 10 USD per hour, 50 per day, 3,000 tasks per minute; each task reserves its 0.25 USD ceiling");
            waitFor(Duration.ofSeconds(30), "v1 stable and its worker warm", () -> traffic.run(1).status() == 200);
            traffic.run(40);
            out.line("  " + arms(traffic, v1, v2));

            step(out, 5, "canary v2 at 20 % next to v1: the judge compares success, interventions and cost per task");
            ObjectNode rollout = JSON.createObjectNode().put("candidate", v2);
            var plan = rollout.putArray("plan");
            for (int w : new int[] {20, 50, 100}) {
                plan.addObject().put("weightPercent", w).put("minTasks", 200).put("minDuration", "PT1S").put("maxDuration", "PT10M");
            }
            routerApi.post("/api/v1/deployments/" + dep + "/rollouts", rollout);
            long canaryStart = System.nanoTime();
            long lastPrint = 0;
            int sent = 0;
            String verdict = null;
            while (sent < maxCanaryTasks) {
                traffic.run(5);
                sent += 5;
                JsonNode route = routerApi.get("/api/v1/deployments/" + dep + "/route").body();
                if (route.path("canary").isNull() || route.path("canary").isMissingNode()) {
                    verdict = route.path("stable").asText().equals(v2) ? "PROMOTED" : "ABORTED";
                    break;
                }
                if (System.nanoTime() - lastPrint > 2_000_000_000L) {
                    out.line("  " + sent + " tasks: " + arms(traffic, v1, v2));
                    lastPrint = System.nanoTime();
                }
            }
            double containSeconds = (System.nanoTime() - canaryStart) / 1e9;
            long canaryTasks = traffic.tally().byDigestArm().getOrDefault(v2 + " CANARY", new long[2])[0];
            if (verdict == null) {
                throw new CliException(ExitCodes.FAILED, "the judge had not decided after " + sent + " canary-phase tasks");
            }
            out.line("  " + (verdict.equals("ABORTED") ? s.red("ABORTED") : s.green(verdict)) + " after " + canaryTasks
                    + " canary tasks, " + String.format(Locale.ROOT, "%.1f s", containSeconds) + " after the canary started");
            JsonNode status = routerApi.get("/api/v1/deployments/" + dep + "/rollout").body();
            out.line("  decision: " + status.at("/lastCommand/type").asText() + " — " + status.at("/lastCommand/reason").asText());
            Optional<Alert> alert = AlertReader.latest(kafka, registry, dep);
            alert.ifPresent(a -> {
                out.line("  alert " + a.getReason() + " (" + a.getSeverity() + "): " + a.getMessage());
                if (a.getDiff() != null) {
                    a.getDiff().getText().lines().filter(l -> l.startsWith("+") || l.startsWith("-") || l.startsWith("=="))
                            .limit(8).forEach(l -> out.line("    " + l));
                }
            });
            int onV1 = 0;
            for (int i = 0; i < 20; i++) {
                onV1 += v1.equals(traffic.run(1).digest()) ? 1 : 0;
            }
            out.line("  the next 20 tasks: " + onV1 + " answered by v1's warm worker (" + arms(traffic, v1, v2) + ")");

            step(out, 6, "the primary provider goes down; then a ticket that makes the model loop");
            long failedBefore = traffic.tally().failed();
            fault(providers.get(0), "OUTAGE");
            int failedOver = 0;
            for (int i = 0; i < 30; i++) {
                TrafficGenerator.Result r = traffic.run(1);
                failedOver += r.answeredBy() != null && r.answeredBy().startsWith(providers.get(1).name()) ? 1 : 0;
            }
            fault(providers.get(0), "NONE");
            long failedDuring = traffic.tally().failed() - failedBefore;
            out.line("  anthropic down: " + failedOver + " of 30 tasks answered by bedrock, " + failedDuring + " failed");
            TrafficGenerator.Result loop = traffic.send(dep.replace('/', '-') + "-loop", "Please keep searching",
                    "Keep searching the knowledge base until you find the article about my invoice.");
            out.line("  looping ticket: " + loop.outcome() + (loop.ceiling() == null ? "" : " by the " + loop.ceiling()
                    + " ceiling") + String.format(Locale.ROOT, " after %.4f USD", loop.costUsd()));

            out.line("");
            out.line(s.bold("summary"));
            out.line(String.format(Locale.ROOT, "  time to contain (canary start → abort): %.1f s", containSeconds));
            out.line("  canary tasks before the decision:       " + canaryTasks);
            out.line("  tasks failed over to bedrock:           " + failedOver + " (failed: " + failedDuring + ")");
            out.line("  tasks stopped by a ceiling:             " + traffic.tally().stopped());
            traffic.tally().spendByDigest().forEach((digest, usd) -> out.line(String.format(Locale.ROOT,
                    "  spend on %s: %.4f USD", digest.equals(v1) ? "v1" : digest.equals(v2) ? "v2" : digest, usd)));
            JsonNode budget = routerApi.get("/api/v1/deployments/" + dep + "/budget").body().path("now");
            out.line(String.format(Locale.ROOT, "  budget this hour:                       %.4f of %.2f USD spent, %.4f reserved",
                    budget.at("/hour/spentUsd").asDouble(), budget.at("/hour/limitUsd").asDouble(),
                    budget.at("/hour/reservedUsd").asDouble()));
            out.line(String.format(Locale.ROOT, "  demo time: %.0f s", (System.nanoTime() - started) / 1e9));
            out.line("");
            out.line("Everything keeps running: bin/slipway status lists it, bin/slipway rollout status " + dep
                    + " shows the judge, bin/slipway down stops it all.");
            return verdict.equals("ABORTED") && failedDuring == 0 && onV1 == 20 ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private boolean stackUp() {
        return StackState.load(ctx.layout().stackFile())
                .map(st -> Component.services().stream().allMatch(c -> st.entry(c.id()).map(StackState.Entry::alive).orElse(false))
                        && st.entry(Component.KAFKA.id()).map(StackState.Entry::alive).orElse(false))
                .orElse(false);
    }

    private static void step(Output out, int n, String what) {
        out.line("");
        out.line(out.styles().bold("[" + n + "/6] " + what));
    }

    /**
     * A copy of the sample in the state directory (the example is left alone) whose manifest names no eval results, so
     * they are produced by running the suite; with the one prompt line that regresses it when {@code regressing}.
     */
    static Path withoutResults(Path sample, Path target, boolean regressing) throws IOException {
        try (Stream<Path> files = Files.walk(sample)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(sample.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.deleteIfExists(target.resolve("evals/results.json"));
        Path manifest = target.resolve("release.yaml");
        Files.writeString(manifest, Files.readString(manifest).replaceAll("(?m)^\\s*results:.*\\R", ""));
        if (regressing) {
            Path triage = target.resolve("prompts/triage.md");
            Files.writeString(triage, Files.readString(triage) + "\n" + REGRESSING_LINE + "\n");
        }
        return target;
    }

    private static String arms(TrafficGenerator traffic, String v1, String v2) {
        List<String> parts = new ArrayList<>();
        traffic.tally().byDigestArm().forEach((key, n) -> {
            String[] k = key.split(" ");
            String name = k[0].equals(v1) ? "v1" : k[0].equals(v2) ? "v2" : k[0];
            parts.add(String.format(Locale.ROOT, "%s %s %d tasks %.0f%% right", name, k.length > 1 ? k[1].toLowerCase(Locale.ROOT) : "",
                    n[0], n[0] == 0 ? 0 : 100.0 * n[1] / n[0]));
        });
        return String.join(" | ", parts);
    }

    private static void fault(LocalAgents.Provider provider, String fault) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(provider.url() + "/admin/fault"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":\"" + fault + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot reach the simulated provider " + provider.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted", e);
        }
    }

    private static void waitFor(Duration timeout, String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.FAILED, "gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }
}
