package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import dev.slipway.cli.release.ReleaseService;
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

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path home;
    private final boolean colorTerminal;
    private Function<CliContext, ReleaseService> releaseServices = ReleaseService::create;
    private Function<CliContext, StackService> stackServices = StackService::create;

    private OutputFormat format = OutputFormat.text;
    private boolean noColor;
    private String builderUrlOverride;

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

    public ReleaseService releaseService() {
        return releaseServices.apply(this);
    }

    public StackService stackService() {
        return stackServices.apply(this);
    }

    public Output output() {
        return new Output(out, err, format, styles());
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

    /**
     * The builder to talk to: {@code --builder-url}, else {@value #BUILDER_URL_ENV}, else what
     * {@code .slipway/stack.json} says, else {@value #DEFAULT_BUILDER_URL}.
     */
    public URI builderUrl() {
        String url = Optional.ofNullable(builderUrlOverride)
                .or(() -> env(BUILDER_URL_ENV))
                .or(() -> StackState.load(layout().stackFile()).flatMap(s -> s.urlOf("builder-service")))
                .orElse(DEFAULT_BUILDER_URL);
        return parseHttpUrl(url);
    }

    static URI parseHttpUrl(String url) {
        try {
            URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "expected http://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException(ExitCodes.USAGE, "invalid builder URL '" + url + "': expected http://host:port");
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
