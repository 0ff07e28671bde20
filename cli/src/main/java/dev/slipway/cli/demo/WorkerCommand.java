package dev.slipway.cli.demo;

import dev.slipway.cli.stack.StackService;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.client.BuilderClient;
import dev.slipway.cli.client.ReleaseRef;
import dev.slipway.cli.stack.StackState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway worker <release>}: a warm worker of the sample agent, pinned to one release, beside the local stack. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Start a worker of the sample support-triage agent pinned to one release.",
                "",
                "The worker fetches the release from the builder, checks its digest and the builder's signature,",
                "and refuses to start otherwise. It calls the two simulated model providers (started if needed),",
                "reports every run on slipway.runs and announces itself on slipway.workers, so the router sends it",
                "the tasks of that release. bin/slipway status lists it; bin/slipway down stops it."})
public final class WorkerCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<release>", description = "Digest (sha256:…) or agent@label.")
    String release;

    @Option(names = "--deployment", paramLabel = "<agent/env>", description = "Deployment it serves (default <agent>/prod).")
    String deployment;

    public WorkerCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        JsonNode view = ctx.builder(Duration.ofSeconds(30))
                .release(ReleaseRef.parse(release)).body();
        String digest = view.path("digest").asText();
        String agent = view.path("agent").asText();
        LocalAgents agents = new LocalAgents(ctx.layout(), StackService.of(ctx));
        List<LocalAgents.Provider> providers = agents.ensureProviders();
        StackState.Entry worker = agents.ensureWorker(agent, digest, deployment != null ? deployment : agent + "/prod",
                providers);
        ctx.output().line("worker " + worker.name() + " of " + digest + " at " + worker.url() + " (pid " + worker.pid()
                + ", log " + ctx.layout().display(java.nio.file.Path.of(worker.log())) + ")");
        return 0;
    }
}
