package dev.slipway.cli.eval;

import dev.slipway.cli.stack.StackService;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.client.JsonApi;
import dev.slipway.cli.Output;
import dev.slipway.cli.demo.LocalAgents;
import dev.slipway.cli.client.BuilderClient;
import dev.slipway.cli.release.ReleaseService;
import dev.slipway.cli.stack.StackState;
import dev.slipway.release.EvalGrader;
import dev.slipway.release.EvalSuite;

/**
 * The eval runner: proposes a release folder to the builder as a candidate (or takes a candidate by digest), runs its
 * suite against a worker pinned to it — a given worker, or the sample agent's worker started beside the local stack
 * and stopped afterwards — prints each case's score and the mean against the threshold, writes the results file if
 * asked, and attaches the results to the build: passing them, the builder builds the release; failing, it never
 * leaves the build.
 */
public final class EvalService {

    /** Where the worker under test comes from. */
    public interface Workers {
        /** A worker pinned to {@code digest}, and how to let it go when the evals are done. */
        Lease pinnedTo(String agent, String digest, String deployment);
    }

    /** A worker for the duration of one eval run. */
    public record Lease(URI url, Runnable release) {
    }

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BuilderClient builder;
    private final Output out;
    private final Supplier<Workers> workers;
    private final ReleaseService releases;

    public EvalService(BuilderClient builder, Output out, Supplier<Workers> workers, ReleaseService releases) {
        this.builder = builder;
        this.out = out;
        this.workers = workers;
        this.releases = releases;
    }

    public static EvalService create(CliContext ctx) {
        BuilderClient builder = ctx.builder(Duration.ofSeconds(120));
        return new EvalService(builder, ctx.output(), () -> ctx.service(Workers.class, EvalService::localWorkers), ReleaseService.of(ctx));
    }

    /** The sample agent's worker, started beside the local stack with the simulated providers, stopped after. */
    public static Workers localWorkers(CliContext ctx) {
        return (agent, digest, deployment) -> {
            LocalAgents agents = new LocalAgents(ctx.layout(), StackService.of(ctx));
            boolean wasRunning = StackState.load(ctx.layout().stackFile())
                    .flatMap(s -> s.entry(LocalAgents.workerId(agent, digest))).filter(StackState.Entry::alive).isPresent();
            StackState.Entry worker = agents.ensureWorker(agent, digest, deployment, agents.ensureProviders());
            return new Lease(URI.create(worker.url()), wasRunning ? () -> { } : () -> StackService.of(ctx).stopExtra(worker.name()));
        };
    }

    /** What the eval run decided. */
    public record Evaluated(String digest, double score, double threshold, boolean passed, Optional<JsonApi.Response> built) {
    }

    /**
     * {@code slipway eval <release>}.
     *
     * @param release a release folder (proposed as a candidate) or the digest of a candidate
     * @param worker  a worker already pinned to the release; empty to start the sample agent's
     * @param attach  whether to attach the results (and so build the release when they pass)
     * @return exit status: OK when the suite passed (and the release was built, when attaching)
     */
    public int evaluate(String release, Optional<URI> worker, Optional<Path> resultsFile, boolean attach,
            Optional<String> label) {
        JsonNode candidate = candidate(release, label);
        Evaluated evaluated = run(candidate, worker, resultsFile, attach, true);
        return evaluated.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** {@code release build} of a folder whose manifest names no results: propose, evaluate, attach. */
    public void buildWithEvals(ReleaseService.ReadBundle read, Optional<String> label) {
        out.line("the manifest names no eval results: running suite "
                + "against a worker pinned to the release first (slipway eval)");
        JsonNode candidate = builder.proposeCandidate(read.json(), label).body();
        Evaluated evaluated = run(candidate, Optional.empty(), Optional.empty(), true, true);
        if (!evaluated.passed()) {
            throw new CliException(ExitCodes.FAILED, "not built: eval score " + format(evaluated.score())
                    + " is below the threshold " + format(evaluated.threshold()));
        }
    }

    private JsonNode candidate(String release, Optional<String> label) {
        Path path = Path.of(release);
        if (Files.exists(path)) {
            ReleaseService.ReadBundle read = ReleaseService.read(path);
            return builder.proposeCandidate(read.json(), label).body();
        }
        if (!release.matches("sha256:[0-9a-f]{64}")) {
            throw new CliException(ExitCodes.USAGE, "'" + release + "' is neither a release folder nor a candidate's digest"
                    + " (sha256:<64 hex>)");
        }
        if (label.isPresent()) {
            throw new CliException(ExitCodes.USAGE, "--label goes with a release folder: a candidate keeps the label it"
                    + " was proposed with");
        }
        return builder.candidate(release).body();
    }

    /**
     * Proposes a read release folder and evaluates it with a worker already pinned to it, printing nothing: the
     * demo narrates the outcome itself.
     */
    public Evaluated proposeAndEvaluate(ReleaseService.ReadBundle read, java.util.function.Function<JsonNode, URI> workerFor) {
        JsonNode candidate = builder.proposeCandidate(read.json(), Optional.empty()).body();
        return run(candidate, Optional.of(workerFor.apply(candidate)), Optional.empty(), true, false);
    }

    private Evaluated run(JsonNode candidate, Optional<URI> givenWorker, Optional<Path> resultsFile, boolean attach,
            boolean verbose) {
        String digest = candidate.path("digest").asText();
        String agent = candidate.path("agent").asText();
        JsonNode suite = candidate.path("suite");
        List<EvalGrader> graders = EvalRunner.graders(suite);
        List<EvalRunner.Case> cases = EvalRunner.cases(suite);
        double threshold = suite.path("threshold").asDouble();
        double passScore = suite.path("passScore").asDouble();
        String deployment = agent + "/eval";

        Lease lease = givenWorker.map(u -> new Lease(u, () -> { }))
                .orElseGet(() -> workers.get().pinnedTo(agent, digest, deployment));
        if (verbose) {
            out.line("evaluating " + out.styles().bold(digest) + " (" + agent + ") on suite " + suite.path("name").asText()
                    + " (" + cases.size() + " cases) with the worker at " + lease.url());
        }
        List<EvalRunner.Outcome> outcomes;
        try {
            outcomes = new EvalRunner(Duration.ofSeconds(30), 4).run(lease.url(), deployment, graders, cases);
            if (verbose) {
                print(outcomes, graders, passScore);
            }
        } finally {
            lease.release().run();
        }
        double mean = outcomes.stream().mapToDouble(EvalRunner.Outcome::score).average().orElse(0);
        // The gate decides on the exact mean; this line only reports it.
        boolean passed = mean + 1e-12 >= threshold;
        ObjectNode results = EvalRunner.results(suite.path("digest").asText(), outcomes);
        if (verbose) {
            out.line("score " + format(mean) + (passed ? " ≥ " : " < ") + "threshold " + format(threshold) + ": "
                    + (passed ? out.styles().green("PASSED") : out.styles().red("FAILED")));
        }
        resultsFile.ifPresent(file -> write(file, results));
        Optional<JsonApi.Response> built = passed && attach ? Optional.of(builder.attachResults(digest, results))
                : Optional.empty();
        if (verbose && attach) {
            built.ifPresentOrElse(b -> releases.printBuilt(b, Optional.empty()),
                    () -> out.line("not built: " + digest + " stays a candidate and never leaves the build"));
        }
        return new Evaluated(digest, mean, threshold, passed, built);
    }

    private void print(List<EvalRunner.Outcome> outcomes, List<EvalGrader> graders, double passScore) {
        for (EvalRunner.Outcome o : outcomes) {
            boolean passed = o.score() >= passScore;
            out.line("  " + (passed ? out.styles().green("✓") : out.styles().red("✗")) + " "
                    + String.format(Locale.ROOT, "%-32s %.2f", o.caseId(), o.score())
                    + (o.error() != null ? "  " + o.error() : o.score() < 1 ? "  " + shortDiff(graders, o) : ""));
        }
    }

    private static String shortDiff(List<EvalGrader> graders, EvalRunner.Outcome o) {
        List<String> misses = new ArrayList<>();
        List<EvalGrader> applied = graders;
        if (applied.isEmpty() && o.expected().isObject()) {
            List<EvalGrader> all = new ArrayList<>();
            o.expected().fieldNames().forEachRemaining(f -> all.add(new EvalGrader(f, 1, EvalGrader.Match.EXACT)));
            applied = all;
        }
        for (EvalGrader g : applied) {
            if (!g.matches(o.answer(), o.expected())) {
                misses.add(g.field() + ": got " + (o.answer() == null ? "nothing" : o.answer().path(g.field()))
                        + ", expected " + o.expected().path(g.field()));
            }
        }
        return String.join("; ", misses);
    }

    /**
     * {@code slipway eval <digest> --suite <file> --promotion <id>}: runs a target environment's suite against a worker
     * pinned to a built release and records the mean score on the promotion (the model-governance gate's evidence).
     *
     * @return the promotion as the builder answered, with what it still waits for
     */
    public JsonNode evaluateForPromotion(String digest, Path suiteFile, String promotionId, Optional<URI> worker,
            boolean verbose) {
        EvalSuite suite;
        try {
            suite = EvalSuite.parse(suiteFile.getFileName().toString(), Files.readAllBytes(suiteFile));
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the suite " + suiteFile + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.USAGE, "the suite " + suiteFile + " does not parse: " + e.getMessage(), e);
        }
        String agent = builder.release(dev.slipway.cli.client.ReleaseRef.parse(digest)).body().path("agent").asText();
        List<EvalRunner.Case> cases = suite.cases().stream().map(c -> new EvalRunner.Case(c.id(), c.input(), c.expected()))
                .toList();
        Lease lease = worker.map(u -> new Lease(u, () -> { }))
                .orElseGet(() -> workers.get().pinnedTo(agent, digest, agent + "/eval"));
        if (verbose) {
            out.line("evaluating " + out.styles().bold(digest) + " on suite " + suite.name() + " (" + cases.size()
                    + " cases) for promotion " + promotionId + " with the worker at " + lease.url());
        }
        List<EvalRunner.Outcome> outcomes;
        try {
            outcomes = new EvalRunner(Duration.ofSeconds(30), 4).run(lease.url(), agent + "/eval", suite.graders(), cases);
            if (verbose) {
                print(outcomes, suite.graders(), suite.passScore());
            }
        } finally {
            lease.release().run();
        }
        double mean = outcomes.stream().mapToDouble(EvalRunner.Outcome::score).average().orElse(0);
        if (verbose) {
            out.line("score " + format(mean) + " on " + suite.name() + ": recorded on promotion " + promotionId);
        }
        return builder.recordEvaluation(promotionId, suite.name(), mean).body();
    }

    private void write(Path file, ObjectNode results) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, resultsFile(results));
            out.line("results written to " + file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write the results to " + file + ": " + e.getMessage(), e);
        }
    }

    /** One score per line, as a person would write the file. */
    static String resultsFile(ObjectNode results) throws IOException {
        StringBuilder text = new StringBuilder("{\n  \"suiteDigest\": ")
                .append(PRETTY.writeValueAsString(results.path("suiteDigest"))).append(",\n  \"scores\": [");
        var scores = results.path("scores");
        for (int i = 0; i < scores.size(); i++) {
            text.append(i == 0 ? "\n" : ",\n").append("    {\"caseId\": ")
                    .append(PRETTY.writeValueAsString(scores.get(i).path("caseId"))).append(", \"score\": ")
                    .append(scores.get(i).path("score").asDouble()).append('}');
        }
        return text.append("\n  ]\n}\n").toString();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
