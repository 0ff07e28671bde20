package dev.slipway.cli.rollout;

import dev.slipway.cli.client.RouterClient;
import dev.slipway.cli.client.DeploymentId;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.CliContext;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.Output;
import dev.slipway.cli.client.BuilderClient;
import dev.slipway.cli.client.ProblemException;
import dev.slipway.cli.client.ReleaseRef;

/**
 * What the rollout verbs ({@code rollout start|status|pause|resume}, {@code rollback}) do, apart from parsing: resolve
 * labels on the builder, call the router, print the answers, poll for {@code --watch}.
 */
public final class RolloutService {

    /** Cursor home, then erase the screen: each {@code --watch} snapshot redraws in place on a terminal. */
    static final String CLEAR_SCREEN = "\u001B[H\u001B[2J";

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final RouterClient router;
    private final Supplier<BuilderClient> builder;
    private final Output out;
    private final RolloutRenderer renderer;
    private final boolean terminal;
    private final CliContext.Sleeper sleeper;
    private final Clock clock;

    /**
     * @param builder   made only when a label has to be resolved, so that digests never need a builder
     * @param terminal  whether {@code out} is a terminal (then {@code --watch} clears the screen between snapshots)
     * @param sleeper   how {@code --watch} waits between polls
     * @param clock     time-stamps {@code --watch} snapshots
     */
    public RolloutService(RouterClient router, Supplier<BuilderClient> builder, Output out, boolean terminal,
                          CliContext.Sleeper sleeper, Clock clock) {
        this.router = router;
        this.builder = builder;
        this.out = out;
        this.renderer = new RolloutRenderer(out.styles());
        this.terminal = terminal;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** The default wiring: router and builder URLs from options / env / stack.json. */
    public static RolloutService create(CliContext ctx) {
        return new RolloutService(ctx.router(), () -> ctx.builder(Duration.ofSeconds(30)),
                ctx.output(), ctx.terminal(), ctx.sleeper(), ctx.clock());
    }

    /** The rollout service a command works through (a test's, when it put one in). */
    public static RolloutService of(CliContext ctx) {
        return ctx.service(RolloutService.class, RolloutService::create);
    }

    // --- start -----------------------------------------------------------------------------------------------------

    /** Resolves the candidate to a digest and starts a rollout of it on the deployment. */
    public void start(DeploymentId deployment, ReleaseRef candidate, RolloutSpec spec) {
        String digest = resolve(deployment, candidate);
        JsonNode r = router.startRollout(deployment, spec.toJson(digest)).body();
        if (out.json()) {
            out.printJson(r);
        } else {
            renderer.started(deployment, r, spec).forEach(out::line);
        }
    }

    /** A digest as it is; a label through the builder ({@code GET /api/v1/releases/{agent}@{label}}, as {@code release show}). */
    String resolve(DeploymentId deployment, ReleaseRef ref) {
        if (ref.isDigest()) {
            return ref.value();
        }
        JsonNode v = builder.get().release(ref).body();
        String digest = RolloutRenderer.text(v, "digest");
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new CliException(ExitCodes.FAILED, "the builder answered " + ref + " without a release digest"
                    + (digest == null ? "" : " ('" + digest + "')"));
        }
        String agent = RolloutRenderer.text(v, "agent");
        if (agent != null && !agent.equals(deployment.agent())) {
            throw new CliException(ExitCodes.FAILED, ref + " is a release of agent " + agent + ", not of " + deployment.agent());
        }
        if (!out.json()) {
            out.line(ref + " is " + digest);
        }
        return digest;
    }

    // --- rollback / pause / resume ---------------------------------------------------------------------------------

    public void command(DeploymentId deployment, RouterClient.OperatorCommand command, String reason) {
        JsonNode r = router.command(deployment, command, reason).body();
        if (out.json()) {
            out.printJson(r);
        } else {
            renderer.commandAccepted(command, deployment, r).forEach(out::line);
        }
    }

    // --- status ----------------------------------------------------------------------------------------------------

    /** One snapshot of the route, the rollout and both arms. */
    public void status(DeploymentId deployment) {
        JsonNode st = router.status(deployment).body();
        if (out.json()) {
            out.printJson(st);
        } else {
            renderer.status(deployment, st).forEach(out::line);
        }
    }

    /**
     * Polls the status every {@code interval} until interrupted (Ctrl-C ends the JVM) or, when {@code count > 0},
     * after {@code count} snapshots. On a terminal each snapshot replaces the previous one; otherwise snapshots follow
     * each other, separated by a blank line. With {@code --output json}, one compact JSON document per line.
     *
     * <p>A first poll that fails ends the command as {@link #status} would (the router is not there, or does not know
     * the deployment); a later failure (e.g. the router restarting) is shown and polling goes on.
     */
    public void watch(DeploymentId deployment, Duration interval, long count) {
        for (long i = 0; count <= 0 || i < count; i++) {
            if (i > 0 && !sleep(interval)) {
                return;
            }
            JsonNode st = null;
            String failure = null;
            try {
                st = router.status(deployment).body();
            } catch (CliException | ProblemException e) {
                if (i == 0) {
                    throw e;
                }
                failure = e.getMessage();
            }
            if (out.json()) {
                if (st != null) {
                    out.line(st.toString());
                } else {
                    out.error(failure + " (still polling every " + Durations.format(interval) + ")");
                }
                out.out().flush();
                continue;
            }
            List<String> frame = new ArrayList<>();
            frame.add(out.styles().dim("slipway rollout status " + deployment + " · every " + Durations.format(interval)
                    + " · " + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS))
                    + (count > 0 ? " · " + (i + 1) + " of " + count : " · Ctrl-C to stop")));
            if (st != null) {
                frame.addAll(renderer.status(deployment, st));
            } else {
                frame.add(out.styles().red("error: ") + failure);
                frame.add("(still polling every " + Durations.format(interval) + ")");
            }
            if (terminal) {
                out.out().print(CLEAR_SCREEN);
            } else if (i > 0) {
                out.line("");
            }
            frame.forEach(out::line);
            out.out().flush();
        }
    }

    private boolean sleep(Duration interval) {
        try {
            sleeper.sleep(interval);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
