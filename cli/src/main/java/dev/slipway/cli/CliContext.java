package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import dev.slipway.cli.release.ReleaseService;
import dev.slipway.cli.rollout.RolloutService;
import dev.slipway.cli.dlq.DeadLetterReader;
import dev.slipway.cli.stack.StackLayout;
import dev.slipway.cli.stack.StackService;
import dev.slipway.cli.stack.StackState;

/**
 * Everything a command needs from the outside world, injected: output streams, environment, the project folder,
 * and the services that do the work. Also collects the global options as picocli parses them.
 */
public final class CliContext {

    public static final String DEFAULT_BUILDER_URL = "http://127.0.0.1:18081";
    public static final String BUILDER_URL_ENV = "SLIPWAY_BUILDER_URL";
    public static final String DEFAULT_ROUTER_URL = "http://127.0.0.1:18083";
    public static final String ROUTER_URL_ENV = "SLIPWAY_ROUTER_URL";
    public static final String DEFAULT_KAFKA_BOOTSTRAP = "127.0.0.1:19092";
    public static final String KAFKA_BOOTSTRAP_ENV = "SLIPWAY_KAFKA_BOOTSTRAP";

    /** Waits between two polls ({@code rollout status --watch}); tests replace it to run without waiting. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path home;
    private final boolean colorTerminal;
    private Function<CliContext, ReleaseService> releaseServices = ReleaseService::create;
    private Function<CliContext, StackService> stackServices = StackService::create;
    private Function<CliContext, dev.slipway.cli.eval.EvalService.Workers> evalWorkers =
            dev.slipway.cli.eval.EvalService::localWorkers;
    private Function<CliContext, RolloutService> rolloutServices = RolloutService::create;
    private Function<CliContext, DeadLetterReader> deadLetterReaders = c -> new DeadLetterReader(c.kafkaBootstrap());
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private Clock clock = Clock.systemDefaultZone();

    private OutputFormat format = OutputFormat.text;
    private boolean noColor;
    private String builderUrlOverride;
    private String routerUrlOverride;
    private String kafkaBootstrapOverride;

    /**
     * @param home the project folder: holds {@code .slipway/} and the services' {@code target/} folders
     * @param colorTerminal whether {@code out} is a terminal that shows ANSI colours
     */
    public CliContext(PrintStream out, PrintStream err, Map<String, String> env, Path home, boolean colorTerminal) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.home = home.toAbsolutePath().normalize();
        this.colorTerminal = colorTerminal;
    }

    /** For tests: replace how the release service is made. */
    public CliContext releaseServices(Function<CliContext, ReleaseService> factory) {
        this.releaseServices = factory;
        return this;
    }

    /** For tests: replace how the stack service is made. */
    public CliContext stackServices(Function<CliContext, StackService> factory) {
        this.stackServices = factory;
        return this;
    }

    /** For tests: replace how the rollout service is made. */
    public CliContext rolloutServices(Function<CliContext, RolloutService> factory) {
        this.rolloutServices = factory;
        return this;
    }

    /** For tests: replace how polling loops wait. */
    public CliContext sleeper(Sleeper sleeper) {
        this.sleeper = sleeper;
        return this;
    }

    /** For tests: replace the clock that time-stamps polled snapshots. */
    public CliContext clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** For tests: replace how the dead-letter reader is made. */
    public CliContext deadLetterReaders(Function<CliContext, DeadLetterReader> factory) {
        this.deadLetterReaders = factory;
        return this;
    }

    public DeadLetterReader deadLetterReader() {
        return deadLetterReaders.apply(this);
    }

    public void kafkaBootstrapOverride(String bootstrap) {
        this.kafkaBootstrapOverride = bootstrap;
    }

    /**
     * The Kafka broker to read: {@code --bootstrap-server}, else {@value #KAFKA_BOOTSTRAP_ENV}, else the broker in
     * {@code .slipway/stack.json}, else {@value #DEFAULT_KAFKA_BOOTSTRAP}.
     */
    public String kafkaBootstrap() {
        return Optional.ofNullable(kafkaBootstrapOverride)
                .or(() -> env(KAFKA_BOOTSTRAP_ENV))
                .or(() -> StackState.load(layout().stackFile()).flatMap(s -> s.urlOf("kafka")))
                .orElse(DEFAULT_KAFKA_BOOTSTRAP);
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    public Clock clock() {
        return clock;
    }

    public RolloutService rolloutService() {
        return rolloutServices.apply(this);
    }

    /** Where {@code slipway eval} and {@code release build} get a worker pinned to the release under test. */
    public CliContext evalWorkers(Function<CliContext, dev.slipway.cli.eval.EvalService.Workers> factory) {
        this.evalWorkers = factory;
        return this;
    }

    public dev.slipway.cli.eval.EvalService.Workers evalWorkers() {
        return evalWorkers.apply(this);
    }

    public ReleaseService releaseService() {
        return releaseServices.apply(this);
    }

    public StackService stackService() {
        return stackServices.apply(this);
    }

    public Output output() {
        return new Output(out, err, format, styles());
    }

    /** Whether {@code out} is a terminal that understands ANSI escapes (colours aside: also clearing the screen). */
    public boolean terminal() {
        return colorTerminal;
    }

    public Styles styles() {
        return new Styles(colorTerminal && !noColor && env("NO_COLOR").isEmpty());
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    public Path home() {
        return home;
    }

    public StackLayout layout() {
        return StackLayout.of(home, env);
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    // global options, set while parsing -------------------------------------------------------------------------

    public void format(OutputFormat format) {
        if (format != null) {
            this.format = format;
        }
    }

    public OutputFormat format() {
        return format;
    }

    public void noColor(boolean noColor) {
        if (noColor) {
            this.noColor = true;
        }
    }

    public void builderUrlOverride(String url) {
        if (url != null) {
            this.builderUrlOverride = url;
        }
    }

    public void routerUrlOverride(String url) {
        if (url != null) {
            this.routerUrlOverride = url;
        }
    }

    /**
     * The builder to talk to: {@code --builder-url}, else {@value #BUILDER_URL_ENV}, else what
     * {@code .slipway/stack.json} says, else {@value #DEFAULT_BUILDER_URL}.
     */
    public URI builderUrl() {
        String url = Optional.ofNullable(builderUrlOverride)
                .or(() -> env(BUILDER_URL_ENV))
                .or(() -> StackState.load(layout().stackFile()).flatMap(s -> s.urlOf("builder-service")))
                .orElse(DEFAULT_BUILDER_URL);
        return parseHttpUrl("builder", url);
    }

    /**
     * The router to talk to: {@code --router-url}, else {@value #ROUTER_URL_ENV}, else what
     * {@code .slipway/stack.json} says, else {@value #DEFAULT_ROUTER_URL}.
     */
    public URI routerUrl() {
        String url = Optional.ofNullable(routerUrlOverride)
                .or(() -> env(ROUTER_URL_ENV))
                .or(() -> StackState.load(layout().stackFile()).flatMap(s -> s.urlOf("router-service")))
                .orElse(DEFAULT_ROUTER_URL);
        return parseHttpUrl("router", url);
    }

    static URI parseHttpUrl(String service, String url) {
        try {
            URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "expected http://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException(ExitCodes.USAGE, "invalid " + service + " URL '" + url + "': expected http://host:port");
        }
    }

    /** Version and build-time facts of this CLI ({@code slipway-cli.properties}). */
    public static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = CliContext.class.getResourceAsStream("/slipway-cli.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
