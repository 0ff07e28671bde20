package dev.slipway.lineage.alerts;

import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.events.Alert;
import dev.slipway.events.ArmMetrics;
import dev.slipway.events.CanaryWindow;

/**
 * An alert as each kind of sink takes it, with the exact artifact diff written out (the changed prompt lines, the
 * model swap, the tool added, as release-core renders a diff) and both arms side by side. Plain Java.
 * <ul>
 * <li>{@link #slack}: a Slack-compatible incoming-webhook message ({@code text} and {@code blocks});</li>
 * <li>{@link #alertmanager}: the body of Alertmanager's {@code POST /api/v2/alerts} (labels identify the alert, so
 * Alertmanager itself folds a repeat into the same notification);</li>
 * <li>{@link #webhook}: a generic JSON document with every field, the idempotency key and the rendered text.</li>
 * </ul>
 */
public final class AlertPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertPages() {
    }

    /** One line: what happened where. */
    public static String summary(Alert alert) {
        return "[" + alert.getSeverity() + "] " + alert.getDeployment() + ": " + alert.getReason() + " — "
                + alert.getMessage();
    }

    /** The whole page as plain text: the summary, the arms side by side, the diff. */
    public static String text(Alert alert) {
        StringBuilder page = new StringBuilder(summary(alert));
        if (alert.getRolloutId() != null) {
            page.append("\nrollout ").append(alert.getRolloutId());
        }
        if (alert.getMetrics() != null) {
            page.append("\n").append(arms(alert.getMetrics()));
        }
        if (alert.getDiff() != null) {
            page.append("\nwhat changed, ").append(alert.getDiff().getFromDigest()).append(" → ")
                    .append(alert.getDiff().getToDigest()).append(":\n").append(alert.getDiff().getText());
        }
        return page.toString();
    }

    public static ObjectNode slack(Alert alert) {
        ObjectNode message = JSON.createObjectNode();
        message.put("text", summary(alert));
        ArrayNode blocks = message.putArray("blocks");
        section(blocks, "*" + escape(alert.getDeployment()) + "* — " + alert.getReason() + " (" + alert.getSeverity()
                + ")\n" + escape(alert.getMessage()));
        if (alert.getMetrics() != null) {
            section(blocks, "```" + escape(arms(alert.getMetrics())) + "```");
        }
        if (alert.getDiff() != null) {
            section(blocks, "*What changed* (" + String.join(", ", alert.getDiff().getChangedParts().stream()
                    .map(p -> p.name().toLowerCase(Locale.ROOT)).toList()) + ")\n```"
                    + escape(alert.getDiff().getText()) + "```");
        }
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", "alert " + alert.getAlertId()
                + (alert.getRolloutId() == null ? "" : " · rollout " + alert.getRolloutId()) + " · raised "
                + alert.getRaisedAt());
        return message;
    }

    public static ArrayNode alertmanager(Alert alert) {
        ArrayNode alerts = JSON.createArrayNode();
        ObjectNode a = alerts.addObject();
        ObjectNode labels = a.putObject("labels");
        labels.put("alertname", "Slipway" + camel(alert.getReason().name()));
        labels.put("deployment", alert.getDeployment());
        labels.put("severity", alert.getSeverity().name().toLowerCase(Locale.ROOT));
        labels.put("reason", alert.getReason().name());
        labels.put("alert_id", alert.getAlertId());
        if (alert.getRolloutId() != null) {
            labels.put("rollout_id", alert.getRolloutId());
        }
        ObjectNode annotations = a.putObject("annotations");
        annotations.put("summary", summary(alert));
        annotations.put("description", text(alert));
        if (alert.getDiff() != null) {
            annotations.put("diff", alert.getDiff().getText());
        }
        a.put("startsAt", alert.getRaisedAt().toString());
        return alerts;
    }

    public static ObjectNode webhook(Alert alert, String idempotencyKey) {
        ObjectNode page = JSON.createObjectNode();
        page.put("idempotencyKey", idempotencyKey);
        page.put("alertId", alert.getAlertId());
        page.put("deployment", alert.getDeployment());
        page.put("rolloutId", alert.getRolloutId());
        page.put("reason", alert.getReason().name());
        page.put("severity", alert.getSeverity().name());
        page.put("message", alert.getMessage());
        page.put("raisedAt", alert.getRaisedAt().toString());
        if (alert.getMetrics() != null) {
            ObjectNode metrics = page.putObject("metrics");
            metrics.put("step", alert.getMetrics().getStep());
            metrics.put("weightPercent", alert.getMetrics().getWeightPercent());
            metrics.set("baseline", arm(alert.getMetrics().getBaseline()));
            metrics.set("canary", arm(alert.getMetrics().getCanary()));
        }
        if (alert.getDiff() != null) {
            ObjectNode diff = page.putObject("diff");
            diff.put("from", alert.getDiff().getFromDigest());
            diff.put("to", alert.getDiff().getToDigest());
            ArrayNode parts = diff.putArray("changedParts");
            alert.getDiff().getChangedParts().forEach(p -> parts.add(p.name()));
            diff.put("text", alert.getDiff().getText());
        }
        page.put("text", text(alert));
        return page;
    }

    /** Both arms side by side: tasks, success rate, intervention rate, cost per task. */
    static String arms(CanaryWindow w) {
        return String.format(Locale.ROOT, "step %d at %d %%   %-10s %-10s%n", w.getStep(), w.getWeightPercent(),
                "baseline", "canary")
                + row("tasks", Long.toString(w.getBaseline().getTasks()), Long.toString(w.getCanary().getTasks()))
                + row("success", rate(w.getBaseline().getSuccesses(), w.getBaseline()),
                        rate(w.getCanary().getSuccesses(), w.getCanary()))
                + row("intervened", rate(w.getBaseline().getInterventions(), w.getBaseline()),
                        rate(w.getCanary().getInterventions(), w.getCanary()))
                + row("cost/task", cost(w.getBaseline()), cost(w.getCanary()))
                + row("pending", Long.toString(w.getBaseline().getFeedbackPending()),
                        Long.toString(w.getCanary().getFeedbackPending())).stripTrailing();
    }

    private static String row(String name, String baseline, String canary) {
        return String.format(Locale.ROOT, "%-15s %-10s %-10s%n", name, baseline, canary);
    }

    /** Of the tasks whose outcome is known (an arm's tasks never include the pending or the excluded ones). */
    private static String rate(long count, ArmMetrics arm) {
        return arm.getTasks() <= 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * count / arm.getTasks());
    }

    private static String cost(ArmMetrics arm) {
        return arm.getTasks() == 0 ? "–" : String.format(Locale.ROOT, "$%.4f", arm.getCostSum() / arm.getTasks());
    }

    private static ObjectNode arm(ArmMetrics arm) {
        ObjectNode node = JSON.createObjectNode();
        node.put("digest", arm.getDigest());
        node.put("tasks", arm.getTasks());
        node.put("successes", arm.getSuccesses());
        node.put("interventions", arm.getInterventions());
        node.put("errors", arm.getErrors());
        node.put("costSum", arm.getCostSum());
        return node;
    }

    private static void section(ArrayNode blocks, String markdown) {
        // Slack refuses a section text over 3,000 characters: a long diff is cut, and says so.
        String text = markdown.length() <= 3_000 ? markdown
                : markdown.substring(0, 2_950) + "\n… (cut; the whole diff: slipway release diff)```";
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", text);
    }

    /** Slack's mrkdwn treats &, < and > as control characters. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String camel(String upperSnake) {
        StringBuilder out = new StringBuilder();
        for (String part : upperSnake.split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
