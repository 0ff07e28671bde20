package dev.slipway.cli.lineage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.Output;
import dev.slipway.cli.Styles;
import dev.slipway.cli.client.ReleaseRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway lineage …}: which release produced a run and what it saw; a release's runs; runs by input or task. */
@Command(name = "lineage", mixinStandardHelpOptions = true,
        description = {"Trace production runs to their exact release and inputs (talks to lineage-service):",
                "  lineage run <id>            the run, its release, what it saw, the calls it made, its outcome",
                "  lineage release <ref>       a release's runs, by time range, one page at a time",
                "  lineage runs --input|--task runs that saw one input digest, or of one task key"},
        subcommands = {LineageCommand.Run.class, LineageCommand.Release.class, LineageCommand.Runs.class})
public final class LineageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CliException(ExitCodes.USAGE, "say what to trace: lineage run <id>, lineage release <ref>, "
                + "or lineage runs --input <digest> | --task <key> (slipway lineage --help)");
    }

    /** {@code slipway lineage run <id>}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "One run: its release (and its manifest with --output json), input digest, retrieval "
                    + "documents, tool calls, model calls with provider and region, outcome, feedback, traceability.")
    public static final class Run implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "<run-id>")
        String runId;

        public Run(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Output out = ctx.output();
            JsonNode run = ctx.lineage().run(runId).body();
            if (out.json()) {
                out.printJson(run);
            } else {
                runLines(run, out.styles()).forEach(out::line);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code slipway lineage release <ref> [--from T] [--to T] [--limit N] [--after CURSOR]}. */
    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "The runs of a release, oldest first, completed within --from … --to (ISO-8601 instants).")
    public static final class Release implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "<ref>", converter = ReleaseRef.Converter.class,
                description = "sha256:<64 hex> digest, or <agent>@<label>.")
        ReleaseRef ref;

        @Option(names = "--from", paramLabel = "<instant>") String from;
        @Option(names = "--to", paramLabel = "<instant>") String to;
        @Option(names = "--limit", paramLabel = "<n>", defaultValue = "50") int limit;
        @Option(names = "--after", paramLabel = "<cursor>", description = "The cursor the previous page printed.")
        String after;

        public Release(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            String digest = ref.isDigest() ? ref.value()
                    : ctx.builder(Duration.ofSeconds(10)).release(ref).body().path("digest").asText();
            JsonNode page = ctx.lineage().releaseRuns(digest, from, to, limit, after).body();
            print(ctx.output(), "runs of " + digest, page);
            return ExitCodes.OK;
        }
    }

    /** {@code slipway lineage runs --input <digest> | --task <key>}. */
    @Command(name = "runs", mixinStandardHelpOptions = true,
            description = "Runs that saw one input (its sha256 digest) or ran one task key, oldest first.")
    public static final class Runs implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--input", paramLabel = "<sha256:…>") String input;
        @Option(names = "--task", paramLabel = "<task key>") String task;
        @Option(names = "--from", paramLabel = "<instant>") String from;
        @Option(names = "--to", paramLabel = "<instant>") String to;
        @Option(names = "--limit", paramLabel = "<n>", defaultValue = "50") int limit;
        @Option(names = "--after", paramLabel = "<cursor>") String after;

        public Runs(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            if ((input == null) == (task == null)) {
                throw new CliException(ExitCodes.USAGE, "give exactly one of --input <digest> and --task <key>");
            }
            JsonNode page = input != null
                    ? ctx.lineage().search("inputDigest", input, from, to, limit, after).body()
                    : ctx.lineage().search("taskKey", task, from, to, limit, after).body();
            print(ctx.output(), input != null ? "runs that saw " + input : "runs of task " + task, page);
            return ExitCodes.OK;
        }
    }

    private static void print(Output out, String title, JsonNode page) {
        if (out.json()) {
            out.printJson(page);
            return;
        }
        out.line(out.styles().bold(title) + ": " + page.path("items").size() + (page.path("next").isTextual()
                ? " (more: --after " + page.path("next").asText() + ")" : ""));
        for (JsonNode r : page.path("items")) {
            out.line("  " + r.path("completedAt").asText() + "  " + r.path("runId").asText() + "  "
                    + r.path("deployment").asText() + "  " + r.path("outcome").asText() + "  task "
                    + r.path("taskKey").asText() + String.format("  $%.4f", r.path("costUsd").asDouble()));
        }
    }

    /** A run as the terminal shows it. */
    public static List<String> runLines(JsonNode run, Styles styles) {
        List<String> lines = new ArrayList<>();
        JsonNode trace = run.path("traceability");
        lines.add(styles.bold("run " + run.path("runId").asText()) + " on " + run.path("deployment").asText() + " ("
                + run.path("arm").asText() + ", epoch " + run.path("epoch").asLong() + ")");
        lines.add("  release   " + run.path("digest").asText() + (run.path("release").isObject()
                ? " built by " + run.path("release").path("builtBy").asText() + " at "
                        + run.path("release").path("builtAt").asText()
                : " (not a published release)"));
        lines.add("  traced    " + (trace.path("flagged").asBoolean()
                ? styles.red(trace.path("verdict").asText()) + " — " + trace.path("explanation").asText()
                : styles.green("yes")));
        lines.add("  task      " + run.path("taskKey").asText() + ", input " + run.path("inputDigest").asText());
        lines.add("  when      " + run.path("startedAt").asText() + " → " + run.path("completedAt").asText() + " ("
                + run.path("latencyMs").asLong() + " ms), worker " + run.path("workerId").asText());
        lines.add("  retrieval " + (run.path("retrievalDocs").isEmpty() ? "none" : join(run.path("retrievalDocs"))));
        for (JsonNode c : run.path("modelCalls")) {
            lines.add("  model     " + c.path("provider").asText() + "/" + c.path("region").asText() + " "
                    + c.path("model").asText() + " " + c.path("status").asText() + ", " + c.path("inputTokens").asLong()
                    + "+" + c.path("outputTokens").asLong() + " tokens, "
                    + String.format("$%.4f", c.path("costUsd").asDouble()));
        }
        for (JsonNode c : run.path("toolCalls")) {
            lines.add("  tool      " + c.path("tool").asText() + " " + c.path("status").asText() + " ("
                    + c.path("latencyMs").asLong() + " ms)");
        }
        lines.add("  outcome   " + run.path("outcome").asText() + (run.path("stoppedBy").isTextual()
                ? ", stopped by " + run.path("stoppedBy").asText() : "") + String.format(", $%.4f",
                run.path("costUsd").asDouble()));
        for (JsonNode f : run.path("feedback")) {
            lines.add("  feedback  " + f.path("occurredAt").asText() + " from " + f.path("source").asText()
                    + ": success " + f.path("success").asText() + ", intervention "
                    + f.path("humanIntervention").asText());
        }
        return lines;
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asText()));
        return String.join(", ", parts);
    }
}
