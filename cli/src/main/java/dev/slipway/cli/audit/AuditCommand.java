package dev.slipway.cli.audit;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.Output;
import dev.slipway.cli.client.DeploymentId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slipway audit <agent>/<env>}. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"The history of a deployment's pointer: what was stable when, who moved it, why, and through",
                "which gate (promotion steps, rollout starts, rollbacks, pauses, resumes and the judge's decisions)."})
public final class AuditCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<agent>/<env>", converter = DeploymentId.Converter.class)
    DeploymentId deployment;

    public AuditCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Output out = ctx.output();
        JsonNode audit = ctx.lineage().audit(deployment).body();
        if (out.json()) {
            out.printJson(audit);
            return ExitCodes.OK;
        }
        lines(deployment.toString(), audit, out.styles()).forEach(out::line);
        return ExitCodes.OK;
    }

    /** A deployment's audit trail as the terminal shows it. */
    public static java.util.List<String> lines(String deployment, JsonNode audit, dev.slipway.cli.Styles styles) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add(styles.bold(deployment) + ": stable " + (audit.path("stable").isNull()
                ? "nothing yet" : audit.path("stable").asText()));
        if (audit.path("entries").isEmpty()) {
            lines.add("  no history yet");
        }
        for (JsonNode e : audit.path("entries")) {
            String kind = e.path("kind").asText();
            StringBuilder line = new StringBuilder("  " + e.path("at").asText() + "  "
                    + (kind.equals("stable") ? styles.green(String.format("%-22s", kind))
                            : String.format("%-22s", kind)) + " by " + styles.bold(e.path("actor").asText()));
            if (e.path("roles").size() > 0) {
                line.append(" (").append(String.join(", ", texts(e.path("roles")))).append(")");
            }
            if (!e.path("gate").isNull() && !e.path("gate").isMissingNode()) {
                line.append(" gate ").append(e.path("gate").asText());
            }
            if (!e.path("reason").isNull() && !e.path("reason").isMissingNode()) {
                line.append(" — ").append(e.path("reason").asText());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
