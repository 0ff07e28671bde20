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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.audit.AuditCommand;
import dev.slipway.cli.auth.LocalKeys;
import dev.slipway.cli.client.Credentials;
import dev.slipway.cli.client.DeploymentId;
import dev.slipway.cli.client.LineageClient;
import dev.slipway.cli.client.ProblemException;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.client.JsonApi;
import dev.slipway.cli.Output;
import dev.slipway.cli.Styles;
import dev.slipway.cli.eval.EvalService;
import dev.slipway.cli.client.BuilderClient;
import dev.slipway.cli.client.ReleaseRef;
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
 * {@code slipway demo}: the whole product on live traffic, in a few minutes, on the local stack, as five people with
 * tokens of their own roles. Proposes v1 of the sample agent (a fresh agent name per run) and a v2 whose one changed
 * prompt line makes it mark every billing ticket urgent; runs a warm worker for each, runs each one's eval suite
 * against it and builds both; promotes v1 dev → staging → prod with approvals by two people (the author's own approval
 * refused) and shows the audit trail; sends it tickets; promotes v2 the same way into a canary in prod and lets its own
 * graded runs abort it; shows the alert and the prompt line behind it; takes the primary model provider down (tasks
 * fail over, none fails); sends a ticket that makes the model loop (its ceiling stops it); shows a model swap held until
 * a model-governor approves and the target's suite is run; prints a summary; leaves everything running.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Slipway on live traffic: promotions, a canary aborted, failover, a governed model swap.",
                "",
                "Promotions with four eyes, a canary judged and aborted, provider failover, a runaway ceiling and a",
                "model swap held for the model-governor, end to end.",
                "",
                "Starts the local stack if it is not up, two simulated model providers and one worker per release,",
                "then drives tickets through the router and narrates what Slipway does. Leaves it all running;",
                "bin/slipway down stops it."})
public final class DemoCommand implements Callable<Integer> {

    static final String REGRESSING_LINE = "Mark every billing ticket as urgent so that no payment problem waits.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliContext ctx;

    @Option(names = "--max-canary-tasks", paramLabel = "<n>", defaultValue = "2000",
            description = "Give up waiting for the judge after this many tasks (default ${DEFAULT-VALUE}).")
    int maxCanaryTasks;

    public DemoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Held so the setting stays: the registry client's JUL warnings are noise in a narrated demo. */
    private static final java.util.logging.Logger APICURIO_LOG = java.util.logging.Logger.getLogger("io.apicurio");

    /** The people of the demo, each with a token of their own roles, minted with the local stack's key. */
    record People(Credentials alice, Credentials bob, Credentials dave, Credentials gina, Credentials olivia,
            String client) {

        static People mint(LocalKeys keys) {
            Duration day = Duration.ofHours(12);
            // alice approves too, elsewhere: four eyes, not her roles, keep her from approving her own releases.
            return new People(Credentials.of(keys.mint("alice", Set.of("author", "approver"), day)),
                    Credentials.of(keys.mint("bob", Set.of("approver"), day)),
                    Credentials.of(keys.mint("dave", Set.of("approver"), day)),
                    Credentials.of(keys.mint("gina", Set.of("model-governor"), day)),
                    Credentials.of(keys.mint("olivia", Set.of("operator"), day)),
                    keys.mint("traffic", Set.of("client"), day));
        }
    }

    @Override
    public Integer call() throws Exception {
        APICURIO_LOG.setLevel(java.util.logging.Level.SEVERE);
        Output out = ctx.output();
        Styles s = out.styles();
        long started = System.nanoTime();
        String agent = "support-triage-" + (Instant.now().getEpochSecond() % 100_000);
        String dep = agent + "/prod";

        step(out, 1, "the local stack, and the people who use it");
        StackService stack = StackService.of(ctx);
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
        out.line("  up: kafka " + kafka + ", router " + router + ", builder " + state.urlOf(Component.BUILDER.id()).orElse("?")
                + ", lineage " + state.urlOf(Component.LINEAGE.id()).orElse("?"));
        People people = People.mint(new LocalKeys(ctx.layout().authDir()));
        out.line("  alice builds releases (author, approver); bob and dave approve; gina governs models; olivia operates;");
        out.line("  each calls with a token of their own roles (bin/slipway login --as <name> --role <role> mints one)");
        BuilderClient asAlice = builder(people.alice());
        BuilderClient asBob = builder(people.bob());
        BuilderClient asDave = builder(people.dave());
        BuilderClient asGina = builder(people.gina());
        JsonApi routerApi = new JsonApi("router", "--router-url", URI.create(router), Duration.ofSeconds(3),
                Duration.ofSeconds(30), people.olivia());
        LineageClient lineage = new LineageClient(ctx.lineageUrl(), Duration.ofSeconds(3), Duration.ofSeconds(30),
                people.olivia());

        step(out, 2, "two simulated model providers serving claude-sonnet-4 2025-05-14 (and " + LocalAgents.MODEL_SWAP_SNAPSHOT + ")");
        LocalAgents agents = new LocalAgents(ctx.layout(), stack);
        List<LocalAgents.Provider> providers = agents.ensureProviders();
        providers.forEach(p -> fault(p, "NONE"));
        providers.forEach(p -> out.line("  " + p.name() + "/" + p.region() + " at " + p.url()));

        step(out, 3, "v1 of " + agent + " and v2 with one changed prompt line: a warm worker pinned to each runs its evals");
        EvalService evals = new EvalService(asAlice, out, () -> {
            throw new IllegalStateException("the demo brings its own workers");
        }, new ReleaseService(asAlice, out));
        Path sample = ctx.home().resolve("examples/support-triage");
        Path demoDir = ctx.layout().stateDir().resolve("demo");
        Path v1dir = withoutResults(sample, demoDir.resolve(agent + "-v1"), Variant.of(agent, false, false));
        Path v2dir = withoutResults(sample, demoDir.resolve(agent + "-v2"), Variant.of(agent, true, false));
        List<String> digests = new ArrayList<>();
        for (Path dir : List.of(v1dir, v2dir)) {
            String name = dir.equals(v1dir) ? "v1" : "v2";
            digests.add(buildThroughEvals(evals, agents, providers, dir, name, agent, dep, out).digest());
        }
        String v1 = digests.get(0);
        String v2 = digests.get(1);
        new ReleaseRenderer(s).diff(asAlice.diff(ReleaseRef.parse(v1), ReleaseRef.parse(v2)).body()).stream()
                .filter(l -> l.contains(REGRESSING_LINE)).findFirst().ifPresent(l -> out.line("  diff: " + l.trim()));
        out.line("  v2 passed: its suite has 2 billing tickets in 10, but more than half the live tickets are billing");

        step(out, 4, "promote v1 dev → staging → prod: the same digest, through each environment's gates");
        Approvers approvers = new Approvers(asBob, asDave, asAlice);
        walk(out, routerApi, agent, v1, "v1", asAlice, approvers, Optional.empty());
        out.line("");
        AuditCommand.lines(dep, lineage.audit(DeploymentId.parse(dep)).body(), s).forEach(l -> out.line("  " + l));

        try (TrafficGenerator traffic = new TrafficGenerator(router, dep, kafka, registry, people.client())) {
            step(out, 5, "live tickets on v1 in " + dep);
            routerApi.put("/api/v1/deployments/" + dep + "/budget", JSON.readTree("{\"spendUsdPerHour\":10,"
                    + "\"spendUsdPerDay\":50,\"tasksPerMinute\":3000,\"reservePerTaskUsd\":0.25}"));
            out.line("  budget (olivia): 10 USD per hour, 50 per day, 3,000 tasks per minute; each task reserves its 0.25 USD ceiling");
            waitFor(Duration.ofSeconds(30), "v1 stable and its worker warm", () -> traffic.run(1).status() == 200);
            traffic.run(40);
            out.line("  " + arms(traffic, v1, v2));

            step(out, 6, "promote v2 the same way; in prod it enters as a canary at 20 % next to v1");
            ObjectNode rollout = JSON.createObjectNode();
            var plan = rollout.putArray("plan");
            for (int w : new int[] {20, 50, 100}) {
                plan.addObject().put("weightPercent", w).put("minTasks", 200).put("minDuration", "PT1S").put("maxDuration", "PT10M");
            }
            walk(out, routerApi, agent, v2, "v2", asAlice, approvers, Optional.of(rollout));
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
                Optional<JsonNode> page = AlertInbox.awaitPage(ctx.layout().alertInbox(), a.getAlertId(),
                        Duration.ofSeconds(15));
                if (page.isPresent()) {
                    out.line("  the page, as the on-call sink received it (" + ctx.layout().display(ctx.layout().alertInbox())
                            + "; Slack, Alertmanager and webhook sinks: docs/alerts.md):");
                    AlertInbox.pageLines(page.get(), 16).forEach(l -> out.line("    " + l));
                } else if (a.getDiff() != null) {
                    out.line("  " + s.yellow("no page in the local inbox yet") + "; the alert's diff:");
                    a.getDiff().getText().lines().filter(l -> l.startsWith("+") || l.startsWith("-") || l.startsWith("=="))
                            .limit(8).forEach(l -> out.line("    " + l));
                }
            });
            traceOneRun(out, lineage, v2, dep);
            int onV1 = 0;
            for (int i = 0; i < 20; i++) {
                onV1 += v1.equals(traffic.run(1).digest()) ? 1 : 0;
            }
            out.line("  the next 20 tasks: " + onV1 + " answered by v1's warm worker (" + arms(traffic, v1, v2) + ")");

            step(out, 7, "the primary provider goes down; then a ticket that makes the model loop");
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
            TrafficGenerator.Result loop = traffic.send(agent + "-loop", "Please keep searching",
                    "Keep searching the knowledge base until you find the article about my invoice.");
            out.line("  looping ticket: " + loop.outcome() + (loop.ceiling() == null ? "" : " by the " + loop.ceiling()
                    + " ceiling") + String.format(Locale.ROOT, " after %.4f USD", loop.costUsd()));

            step(out, 8, "a model swap: v3 is v1 on snapshot " + LocalAgents.MODEL_SWAP_SNAPSHOT
                    + "; it waits for a model-governor and a run of the target's suite");
            Path v3dir = withoutResults(sample, demoDir.resolve(agent + "-v3"), Variant.of(agent, false, true));
            EvalService.Evaluated v3built = buildThroughEvals(evals, agents, providers, v3dir, "v3", agent, agent + "/eval", out);
            String v3 = v3built.digest();
            JsonNode swap = asAlice.requestPromotion(v3, "dev", Optional.empty()).body();
            String swapId = swap.path("promotionId").asText();
            out.line("  promote v3 to dev (alice): " + swap.path("status").asText() + ", the model differs from dev's stable v2");
            swap.path("missing").forEach(m -> out.line("    " + s.yellow("blocked") + " " + m.path("gate").asText() + ": "
                    + m.path("reason").asText()));
            swap = asGina.decide(swapId, true, Optional.of("the new snapshot's model card and price reviewed")).body();
            out.line("  gina (model-governor) approves: still " + swap.path("status").asText() + ", "
                    + swap.path("missing").size() + " gate(s) left");
            StackState.Entry v3worker = agents.ensureWorker(agent, v3, agent + "/eval", providers);
            swap = evals.evaluateForPromotion(v3, v3dir.resolve("evals/suite.yaml"), swapId, Optional.of(URI.create(v3worker.url())),
                    false);
            out.line(String.format(Locale.ROOT, "  dev's suite on v3 (the eval runner, for this promotion): %.2f ≥ %.2f → %s",
                    swap.at("/evaluation/score").asDouble(), swap.path("threshold").asDouble(),
                    swap.path("status").asText().equals("COMPLETED") ? s.green("COMPLETED, stable in dev")
                            : s.red(swap.path("status").asText())));
            stack.stopExtra(v3worker.name());
            AuditCommand.lines(agent + "/dev", lineage.audit(DeploymentId.parse(agent + "/dev")).body(), s)
                    .forEach(l -> out.line("  " + l));

            out.line("");
            out.line(s.bold("summary"));
            out.line("  v1 promoted dev → staging → prod:       approved by bob (staging), bob and dave (prod)");
            out.line(String.format(Locale.ROOT, "  time to contain (canary start → abort): %.1f s", containSeconds));
            out.line("  canary tasks before the decision:       " + canaryTasks);
            out.line("  tasks failed over to bedrock:           " + failedOver + " (failed: " + failedDuring + ")");
            out.line("  tasks stopped by a ceiling:             " + traffic.tally().stopped());
            out.line("  model swap v3 into dev:                 " + swap.path("status").asText()
                    + " after gina's approval and dev's suite");
            traffic.tally().spendByDigest().forEach((digest, usd) -> out.line(String.format(Locale.ROOT,
                    "  spend on %s: %.4f USD", digest.equals(v1) ? "v1" : digest.equals(v2) ? "v2" : digest, usd)));
            JsonNode budget = routerApi.get("/api/v1/deployments/" + dep + "/budget").body().path("now");
            out.line(String.format(Locale.ROOT, "  budget this hour:                       %.4f of %.2f USD spent, %.4f reserved",
                    budget.at("/hour/spentUsd").asDouble(), budget.at("/hour/limitUsd").asDouble(),
                    budget.at("/hour/reservedUsd").asDouble()));
            out.line(String.format(Locale.ROOT, "  demo time: %.0f s", (System.nanoTime() - started) / 1e9));
            out.line("");
            out.line("Everything keeps running: bin/slipway status lists it, bin/slipway audit " + dep
                    + " shows who moved the pointer, bin/slipway down stops it all.");
            return verdict.equals("ABORTED") && failedDuring == 0 && onV1 == 20
                    && swap.path("status").asText().equals("COMPLETED") ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private BuilderClient builder(Credentials who) {
        return new BuilderClient(ctx.builderUrl(), Duration.ofSeconds(3), Duration.ofSeconds(120), who);
    }

    private EvalService.Evaluated buildThroughEvals(EvalService evals, LocalAgents agents, List<LocalAgents.Provider> providers,
            Path dir, String name, String agent, String deployment, Output out) {
        EvalService.Evaluated e = evals.proposeAndEvaluate(ReleaseService.read(dir), candidate -> {
            StackState.Entry w = agents.ensureWorker(agent, candidate.path("digest").asText(), deployment, providers);
            out.line("  " + name + " worker " + w.name() + " at " + w.url() + " (pid " + w.pid() + "), pinned to the candidate");
            return URI.create(w.url());
        });
        if (!e.passed()) {
            throw new CliException(ExitCodes.FAILED, name + " did not pass its evals (" + e.score() + ")");
        }
        out.line("  " + name + " " + out.styles().bold(e.digest()) + String.format(Locale.ROOT,
                ": evals %.2f ≥ %.2f, built by alice", e.score(), e.threshold()));
        return e;
    }

    /** Who approves in the demo; {@code author} tries once to approve her own release, to show four eyes refuse. */
    record Approvers(BuilderClient bob, BuilderClient dave, BuilderClient author) {
    }

    /**
     * Promotes {@code digest} dev → staging → prod as alice: dev needs no one, staging bob, prod bob and dave; each
     * request waits out the soak the local stack asks for (5 s as stable in the environment before).
     */
    private void walk(Output out, JsonApi router, String agent, String digest, String name, BuilderClient requester,
            Approvers approvers,
            Optional<JsonNode> prodRollout) throws InterruptedException {
        Styles s = out.styles();
        boolean showedFourEyes = false;
        for (String env : List.of("dev", "staging", "prod")) {
            JsonNode p = requestWhenSoaked(out, requester, digest, env, env.equals("prod") ? prodRollout : Optional.empty());
            String id = p.path("promotionId").asText();
            StringBuilder line = new StringBuilder("  " + name + " → " + s.bold(env) + ": requested by alice");
            if (p.path("status").asText().equals("PENDING")) {
                if (!showedFourEyes) {
                    try {
                        approvers.author().decide(id, true, Optional.of("my own work"));
                    } catch (ProblemException refused) {
                        out.line("  alice approves her own " + name + ": " + s.red(refused.problem().title()) + " — "
                                + refused.problem().detail());
                    }
                    showedFourEyes = true;
                }
                p = approvers.bob().decide(id, true, Optional.of(name + ": evals and diff reviewed")).body();
                line.append(", approved by bob");
                if (p.path("status").asText().equals("PENDING")) {
                    line.append(" (").append(p.path("missing").get(0).path("reason").asText()).append(")");
                    p = approvers.dave().decide(id, true, Optional.of(name + ": second pair of eyes")).body();
                    line.append(" and dave");
                }
            }
            String last = p.path("steps").get(p.path("steps").size() - 1).path("reason").asText();
            line.append(": ").append(p.path("status").asText().equals("COMPLETED") ? s.green(last) : s.red(p.path("status").asText()
                    + " " + last));
            out.line(line.toString());
            if (!p.path("status").asText().equals("COMPLETED")) {
                throw new CliException(ExitCodes.FAILED, "the promotion of " + name + " into " + env + " did not complete: "
                        + p.path("status").asText() + " " + last);
            }
            waitForStable(router, agent + "/" + env, digest, p.path("target").asText().equals("prod") && prodRollout.isPresent());
        }
    }

    /** Requests the promotion, waiting while the SOAK gate says the release has not run long enough before. */
    private JsonNode requestWhenSoaked(Output out, BuilderClient requester, String digest, String env,
            Optional<JsonNode> rollout) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean said = false;
        while (true) {
            try {
                return requester.requestPromotion(digest, env, rollout).body();
            } catch (ProblemException refused) {
                boolean waiting = refused.problem().title() != null && (refused.problem().title().endsWith("SOAK")
                        || refused.problem().title().endsWith("ORDER"));
                if (!waiting || System.nanoTime() > deadline) {
                    throw refused;
                }
                if (!said && refused.problem().title().endsWith("SOAK")) {
                    out.line("    " + env + " waits for the soak: " + refused.problem().detail());
                    said = true;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Waits until the router's route shows {@code digest} as stable (or, for a canary, as the canary). */
    private void waitForStable(JsonApi routerApi, String deployment, String digest, boolean asCanary)
            throws InterruptedException {
        waitFor(Duration.ofSeconds(30), digest + " on " + deployment, () -> {
            try {
                JsonNode route = routerApi.get("/api/v1/deployments/" + deployment + "/route").body();
                return digest.equals(route.path(asCanary ? "canary" : "stable").asText());
            } catch (ProblemException notYet) {
                return false;
            }
        });
    }

    private boolean stackUp() {
        return StackState.load(ctx.layout().stackFile())
                .map(st -> Component.services().stream().allMatch(c -> st.entry(c.id()).map(StackState.Entry::alive).orElse(false))
                        && st.entry(Component.KAFKA.id()).map(StackState.Entry::alive).orElse(false))
                .orElse(false);
    }

    private static void step(Output out, int n, String what) {
        out.line("");
        out.line(out.styles().bold("[" + n + "/8] " + what));
    }

    /** How a demo release differs from the sample: its agent's name, the regressing prompt line, the newer model. */
    record Variant(String agent, boolean regressing, boolean modelSwap) {
        static Variant of(String agent, boolean regressing, boolean modelSwap) {
            return new Variant(agent, regressing, modelSwap);
        }
    }

    /** One canary run of {@code digest}, traced back through lineage: release, inputs, calls, outcome. */
    private static void traceOneRun(Output out, LineageClient lineage, String digest, String dep) {
        try {
            JsonNode page = lineage.releaseRuns(digest, null, null, 1, null).body();
            if (page.path("items").isEmpty()) {
                return;
            }
            String runId = page.path("items").get(0).path("runId").asText();
            out.line("  lineage of one of its runs (bin/slipway lineage run " + runId + "):");
            dev.slipway.cli.lineage.LineageCommand.runLines(lineage.run(runId).body(), out.styles()).stream().limit(9)
                    .forEach(l -> out.line("    " + l));
        } catch (RuntimeException e) {
            out.line("  lineage of " + dep + " not answered: " + e.getMessage());
        }
    }

    /**
     * A copy of the sample in the state directory (the example is left alone) whose manifest names no eval results, so
     * they are produced by running the suite; with the one prompt line that regresses it when {@code regressing}.
     */
    static Path withoutResults(Path sample, Path target, boolean regressing) throws IOException {
        return withoutResults(sample, target, new Variant(null, regressing, false));
    }

    static Path withoutResults(Path sample, Path target, Variant variant) throws IOException {
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
        String text = Files.readString(manifest).replaceAll("(?m)^\\s*results:.*\\R", "");
        if (variant.agent() != null) {
            text = text.replaceFirst("(?m)^agent: .*$", "agent: " + variant.agent());
        }
        if (variant.modelSwap()) {
            text = text.replaceFirst("snapshot: \"2025-05-14\"", "snapshot: \"" + LocalAgents.MODEL_SWAP_SNAPSHOT + "\"");
        }
        Files.writeString(manifest, text);
        if (variant.regressing()) {
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
