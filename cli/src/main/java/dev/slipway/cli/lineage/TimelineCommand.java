package dev.slipway.cli.lineage;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.Output;
import dev.slipway.cli.client.DeploymentId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway timeline <agent>/<env> [--at T]}. */
@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = {"Which release served a deployment when: every version of its route (stable, canary and",
                "weight, from when until when) and who moved the pointer there. --at <instant>: only the one in force then."})
public final class TimelineCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<agent>/<env>", converter = DeploymentId.Converter.class)
    DeploymentId deployment;

    @Option(names = "--at", paramLabel = "<instant>", description = "An ISO-8601 instant, e.g. 2026-12-08T10:00:00Z.")
    String at;

    public TimelineCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Output out = ctx.output();
        if (at != null) {
            JsonNode serving = ctx.lineage().servingAt(deployment, at).body();
            if (out.json()) {
                out.printJson(serving);
            } else {
                JsonNode r = serving.path("route");
                out.line(out.styles().bold(deployment.toString()) + " at " + serving.path("at").asText() + ": "
                        + describe(r));
            }
            return ExitCodes.OK;
        }
        JsonNode timeline = ctx.lineage().timeline(deployment).body();
        if (out.json()) {
            out.printJson(timeline);
            return ExitCodes.OK;
        }
        out.line(out.styles().bold(deployment.toString()) + ": " + timeline.path("routes").size() + " route versions");
        for (JsonNode e : timeline.path("routes")) {
            JsonNode r = e.path("route");
            JsonNode moved = e.path("movedBy");
            out.line("  " + r.path("from").asText() + " → " + (r.path("until").isTextual() ? r.path("until").asText()
                    : "now") + "  " + describe(r) + (moved.isObject() ? "  by " + out.styles().bold(moved.path("actor")
                    .asText()) + " (" + moved.path("kind").asText() + (moved.path("reason").isTextual()
                    ? ": " + moved.path("reason").asText() : "") + ")" : ""));
        }
        return ExitCodes.OK;
    }

    private static String describe(JsonNode r) {
        return "epoch " + r.path("epoch").asLong() + ", stable " + r.path("stable").asText()
                + (r.path("canary").isTextual() ? ", canary " + r.path("canary").asText() + " at "
                        + r.path("canaryWeightPercent").asInt() + " %" : "");
    }
}
