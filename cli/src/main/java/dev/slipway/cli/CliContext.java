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

import dev.slipway.cli.client.BuilderClient;
import dev.slipway.cli.client.Credentials;
import dev.slipway.cli.client.LineageClient;
import dev.slipway.cli.client.RouterClient;
import dev.slipway.cli.stack.StackLayout;
import dev.slipway.cli.stack.StackState;

/**
 * Everything a command needs from the outside world, injected: output streams, environment, the project folder, the
 * services' addresses and the caller's credentials (as typed clients). Also collects the global options as picocli
 * parses them. It knows no command's service: each service asks for itself through {@link #service}, and tests
 * replace one with {@link #override}.
 */
public final class CliContext {

    public static final String DEFAULT_BUILDER_URL = "http://127.0.0.1:18081";
    public static final String BUILDER_URL_ENV = "SLIPWAY_BUILDER_URL";
    public static final String DEFAULT_ROUTER_URL = "http://127.0.0.1:18083";
    public static final String ROUTER_URL_ENV = "SLIPWAY_ROUTER_URL";
    public static final String DEFAULT_KAFKA_BOOTSTRAP = "127.0.0.1:19092";
    public static final String KAFKA_BOOTSTRAP_ENV = "SLIPWAY_KAFKA_BOOTSTRAP";
    public static final String DEFAULT_LINEAGE_URL = "http://127.0.0.1:18084";
    public static final String LINEAGE_URL_ENV = "SLIPWAY_LINEAGE_URL";

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
    private final Map<Class<?>, Function<CliContext, ?>> overrides = new java.util.HashMap<>();
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


    /**
     * The service of {@code type} a command works through: the one a test put in with {@link #override}, else the
     * one {@code standard} makes.
     */
    @SuppressWarnings("unchecked")
    public <T> T service(Class<T> type, Function<CliContext, T> standard) {
        Function<CliContext, ?> replaced = overrides.get(type);
        return replaced != null ? (T) replaced.apply(this) : standard.apply(this);
    }

    /** For tests: replace how the service of {@code type} is made. */
    public <T> CliContext override(Class<T> type, Function<CliContext, ? extends T> factory) {
        overrides.put(type, factory);
        return this;
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

    /**
     * Who the CLI calls as: {@value Credentials#TOKEN_ENV}, else the token {@code bin/slipway login} saved in
     * {@code .slipway/auth/token}.
     */
    public Credentials credentials() {
        return Credentials.resolve(env(Credentials.TOKEN_ENV), layout().authDir().resolve("token"));
    }

    /** The builder's API as the caller, with {@code timeout} for each answer. */
    public BuilderClient builder(Duration timeout) {
        return new BuilderClient(builderUrl(), Duration.ofSeconds(3), timeout, credentials());
    }

    /** The router's API as the caller. */
    public RouterClient router() {
        return new RouterClient(routerUrl(), Duration.ofSeconds(3), Duration.ofSeconds(30), credentials());
    }

    /** The lineage service's API as the caller. */
    public LineageClient lineage() {
        return new LineageClient(lineageUrl(), Duration.ofSeconds(3), Duration.ofSeconds(30), credentials());
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

    /**
     * The lineage service: {@value #LINEAGE_URL_ENV}, else what {@code .slipway/stack.json} says, else
     * {@value #DEFAULT_LINEAGE_URL}.
     */
    public URI lineageUrl() {
        String url = env(LINEAGE_URL_ENV)
                .or(() -> StackState.load(layout().stackFile()).flatMap(s -> s.urlOf("lineage-service")))
                .orElse(DEFAULT_LINEAGE_URL);
        return parseHttpUrl("lineage", url);
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
