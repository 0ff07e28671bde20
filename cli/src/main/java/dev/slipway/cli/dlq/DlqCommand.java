package dev.slipway.cli.dlq;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway dlq [--topic T] [--consumer C] [--limit N]}: what consumers could not take, and why. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"List the dead-lettered records: each bad record a consumer refused, once per consumer, with "
                + "its origin (topic-partition@offset), key, size and the reason.",
                "Reads slipway.dead-letter directly, so it works while the services are down."})
public final class DlqCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--topic", paramLabel = "<topic>", description = "Only records that came from this topic, "
            + "e.g. slipway.releases.")
    String topic;

    @Option(names = "--consumer", paramLabel = "<consumer>", description = "Only records this consumer refused, "
            + "e.g. builder.release-log.")
    String consumer;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "50",
            description = "Show at most the last n (default ${DEFAULT-VALUE}); 0 for all.")
    int limit;

    public DlqCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = "--bootstrap-server", paramLabel = "<host:port>",
            description = "Kafka. Default: $" + CliContext.KAFKA_BOOTSTRAP_ENV + ", else the broker in "
                    + ".slipway/stack.json, else " + CliContext.DEFAULT_KAFKA_BOOTSTRAP + ".")
    void bootstrap(String bootstrap) {
        ctx.kafkaBootstrapOverride(bootstrap);
    }

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--limit must be 0 (all) or more, got " + limit);
        }
        List<DeadLetter> all = DeadLetterReader.of(ctx).readAll();
        List<DeadLetter> matching = all.stream()
                .filter(l -> topic == null || l.topic().equals(topic))
                .filter(l -> consumer == null || l.consumer().equals(consumer))
                .toList();
        List<DeadLetter> shown = limit == 0 || matching.size() <= limit ? matching
                : matching.subList(matching.size() - limit, matching.size());
        render(ctx.output(), matching.size(), shown);
        return ExitCodes.OK;
    }

    private void render(Output out, int total, List<DeadLetter> shown) {
        if (out.json()) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("total", total);
            ArrayNode items = root.putArray("items");
            for (DeadLetter l : shown) {
                items.addObject().put("at", l.at().toString()).put("consumer", l.consumer()).put("topic", l.topic())
                        .put("partition", l.partition()).put("offset", l.offset()).put("key", l.keyText())
                        .put("valueSize", l.valueSize()).put("reason", l.reason());
            }
            out.printJson(root);
            return;
        }
        if (total == 0) {
            out.line("no dead letters" + (topic != null ? " from " + topic : "")
                    + (consumer != null ? " refused by " + consumer : ""));
            return;
        }
        var s = out.styles();
        for (DeadLetter l : shown) {
            out.line(s.dim(l.at().toString()) + "  " + s.bold(l.consumer()) + "  " + l.origin() + "  key "
                    + l.keyText() + "  " + l.valueSize() + (l.valueSize().equals("null") ? "" : " bytes"));
            out.line("    " + s.red(l.reason()));
        }
        if (shown.size() < total) {
            out.line(s.dim("the last " + shown.size() + " of " + total + "; --limit 0 shows all"));
        }
    }
}
