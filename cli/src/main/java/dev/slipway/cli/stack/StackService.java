package dev.slipway.cli.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.CliContext;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.Output;
import dev.slipway.cli.Styles;
import dev.slipway.testkit.ApicurioRegistry;
import dev.slipway.testkit.KafkaBrokerMain;
import dev.slipway.testkit.Ports;
import dev.slipway.testkit.Processes;

/**
 * The local stack: a KRaft broker ({@code KafkaBrokerMain}), Apicurio Registry and the four Quarkus services, each a
 * background process in its own session with its output in {@code .slipway/logs/}, recorded in
 * {@code .slipway/stack.json}. See {@link StackLayout} for the files.
 */
public final class StackService {

    /** Options of one {@code up}. */
    public record UpRequest(StackPorts ports, boolean services, Duration timeout, List<String> serviceJvmOptions) {
    }

    private static final Duration POLL = Duration.ofMillis(250);

    private final StackLayout layout;
    private final Output out;
    private final Styles s;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public StackService(StackLayout layout, Output out) {
        this.layout = layout;
        this.out = out;
        this.s = out.styles();
    }

    public static StackService create(CliContext ctx) {
        return new StackService(ctx.layout(), ctx.output());
    }

    /** The stack service a command works through (a test's, when it put one in). */
    public static StackService of(CliContext ctx) {
        return ctx.service(StackService.class, StackService::create);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // up

    public int up(UpRequest request) {
        StackPorts ports = request.ports();
        StackState state = StackState.load(layout.stackFile()).orElse(StackState.empty(layout.home()));

        // 1. what already runs, what to start, what to skip
        List<Component> toStart = new ArrayList<>();
        Map<Component, String> skipped = new LinkedHashMap<>();
        for (Component c : Component.values()) {
            Optional<StackState.Entry> running = state.entry(c.id()).filter(StackState.Entry::alive);
            if (running.isPresent()) {
                int requested = ports.get(PortSetting.primary(c));
                List<Integer> actual = running.get().ports();
                if (actual != null && !actual.isEmpty() && actual.get(0) != requested) {
                    out.warn(c.id() + " already runs on port " + actual.get(0) + ", not " + requested
                            + "; run 'slipway down' first to change its ports");
                }
                continue;
            }
            state = state.without(c.id());
            if (c.isService()) {
                if (!request.services()) {
                    skipped.put(c, "--no-services");
                    continue;
                }
                if (!Files.isRegularFile(layout.serviceJar(c))) {
                    skipped.put(c, layout.display(layout.serviceJar(c)) + " not built (./mvnw -DskipTests install builds it)");
                    continue;
                }
                if (layout.sourcesNewerThanJar(c)) {
                    out.warn(c.id() + ": sources changed since " + layout.display(layout.serviceJar(c))
                            + " was built; starting the old jar (./mvnw -DskipTests install rebuilds it)");
                }
            }
            toStart.add(c);
        }
        state.save(layout.stackFile());

        // 2. every port we need must be free, checked before anything starts
        List<String> conflicts = new ArrayList<>();
        for (PortSetting p : PortSetting.values()) {
            if (toStart.contains(p.component()) && !Ports.isFree(ports.get(p))) {
                conflicts.add(p.label() + " " + ports.get(p) + " is already in use"
                        + Ports.holder(ports.get(p)).map(h -> " by " + h).orElse("")
                        + "; choose another with " + StackPorts.howToChange(p));
            }
        }
        if (!conflicts.isEmpty()) {
            conflicts.forEach(out::error);
            out.err().println("Nothing was started.");
            return ExitCodes.FAILED;
        }

        if (toStart.isEmpty()) {
            if (!out.json()) {
                out.line(s.green("already running") + " (" + layout.display(layout.stackFile()) + ")");
            }
            printStack(state, skipped);
            return ExitCodes.OK;
        }

        // 3. start in order: broker, registry, then the services side by side
        try {
            Files.createDirectories(layout.logsDir());
            Files.createDirectories(layout.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + layout.stateDir() + ": " + e.getMessage(), e);
        }
        String bootstrap = "127.0.0.1:" + ports.get(PortSetting.KAFKA);
        String registryUrl = "http://127.0.0.1:" + ports.get(PortSetting.REGISTRY) + "/apis/registry/v3";
        if (toStart.contains(Component.KAFKA)) {
            state = state.with(startBroker(ports, request.timeout()));
            state.save(layout.stackFile());
        } else {
            bootstrap = state.urlOf(Component.KAFKA.id()).orElse(bootstrap);
        }
        if (toStart.contains(Component.REGISTRY)) {
            try {
                state = state.with(startRegistry(ports, request.timeout()));
            } catch (CliException e) {
                throw new CliException(e.exitCode(), e.getMessage() + System.lineSeparator()
                        + "Kafka keeps running; 'slipway down' stops it.", e);
            }
            state.save(layout.stackFile());
        } else {
            registryUrl = state.urlOf(Component.REGISTRY.id()).orElse(registryUrl);
        }

        prepareAuth();
        String routerUrl = state.urlOf(Component.ROUTER.id()).orElse("http://127.0.0.1:" + ports.get(PortSetting.ROUTER));
        Map<Component, Launched> launched = new LinkedHashMap<>();
        for (Component c : toStart) {
            if (c.isService()) {
                List<String> options = new ArrayList<>(serviceSettings(c, routerUrl));
                options.addAll(request.serviceJvmOptions());
                Launched l = startService(c, ports.get(PortSetting.primary(c)), bootstrap, registryUrl, options);
                launched.put(c, l);
                state = state.with(l.entry());
                state.save(layout.stackFile());
            }
        }
        List<String> failed = awaitServices(launched, request.timeout());
        for (Map.Entry<Component, Launched> e : launched.entrySet()) {
            if (failed.contains(e.getKey().id())) {
                state = state.without(e.getKey().id());
            }
        }
        state.save(layout.stackFile());

        if (!out.json()) {
            out.line(failed.isEmpty() ? s.green("slipway stack is up") : s.yellow("slipway stack is partly up"));
        }
        printStack(state, skipped);
        if (!failed.isEmpty()) {
            out.error("did not start: " + String.join(", ", failed) + " (see the logs above; 'slipway down' stops the rest)");
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private record Launched(Component component, Process process, StackState.Entry entry) {
    }

    private StackState.Entry startBroker(StackPorts ports, Duration timeout) {
        String classpath = layout.brokerClasspath().orElseThrow(() -> new CliException(ExitCodes.FAILED,
                "the testkit is not built (no testkit/target/classes and broker-classpath.txt): run ./mvnw -pl cli -am -DskipTests install"));
        int port = ports.get(PortSetting.KAFKA);
        int controller = ports.get(PortSetting.KAFKA_CONTROLLER);
        Path log = layout.logOf(Component.KAFKA);
        List<String> command = new ArrayList<>(List.of(Processes.currentJava().toString(),
                "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", classpath,
                KafkaBrokerMain.class.getName(),
                "--port", String.valueOf(port),
                "--controller-port", String.valueOf(controller),
                "--data-dir", layout.dataOf(Component.KAFKA).toString()));
        long offset = logSize(log);
        Process p = launch(Component.KAFKA, command, log);
        progress("starting kafka on 127.0.0.1:" + port + " …");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (readSince(log, offset).contains(KafkaBrokerMain.READY_PREFIX)) {
                return new StackState.Entry(Component.KAFKA.id(), p.pid(), processStart(p), "127.0.0.1:" + port,
                        List.of(port, controller), null, log.toString());
            }
            if (!p.isAlive()) {
                throw startFailure(Component.KAFKA, "exited with status " + p.exitValue(), log);
            }
            pause();
        }
        Processes.terminate(p.toHandle(), Duration.ofSeconds(10));
        throw startFailure(Component.KAFKA, "not ready within " + timeout.toSeconds() + " s", log);
    }

    private StackState.Entry startRegistry(StackPorts ports, Duration timeout) {
        Path log = layout.logOf(Component.REGISTRY);
        appendHeader(log);
        progress("starting registry on 127.0.0.1:" + ports.get(PortSetting.REGISTRY) + " …");
        ApicurioRegistry registry;
        try {
            registry = ApicurioRegistry.builder()
                    .home(layout.registryHome())
                    .port(ports.get(PortSetting.REGISTRY))
                    .managementPort(ports.get(PortSetting.REGISTRY_MANAGEMENT))
                    .dataDir(layout.dataOf(Component.REGISTRY))
                    .logFile(log)
                    .startupTimeout(timeout)
                    .detached(true)
                    .build()
                    .start();
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.FAILED, "registry did not start: " + e.getMessage(), e);
        }
        return new StackState.Entry(Component.REGISTRY.id(), registry.pid(),
                registry.processHandle().info().startInstant().map(Instant::toString).orElse(null), registry.url(),
                List.of(registry.port(), registry.managementPort()), registry.healthUrl(), log.toString());
    }

    /**
     * The local stack's token-signing key pair (created once, kept across restarts) and the services' own tokens:
     * the builder's towards the router (operator) and the workers' towards the builder (viewer), minted afresh.
     */
    private void prepareAuth() {
        dev.slipway.cli.auth.LocalKeys keys = new dev.slipway.cli.auth.LocalKeys(layout.authDir());
        if (keys.ensure()) {
            progress("created the local token-signing key in " + layout.display(layout.authDir())
                    + " (bin/slipway login mints tokens with it)");
        }
        keys.mintInto(layout.authDir().resolve("builder-service.token"), "builder-service", java.util.Set.of("operator"),
                SERVICE_TOKEN_LIFETIME);
        keys.mintInto(layout.authDir().resolve("worker.token"), "worker", java.util.Set.of("viewer"), SERVICE_TOKEN_LIFETIME);
    }

    /** The services' own tokens last as long as a local stack is likely to stay up; bin/slipway up mints new ones. */
    static final Duration SERVICE_TOKEN_LIFETIME = Duration.ofDays(30);

    /**
     * Settings only the local stack gives: where the public key is; for the builder, the router and its token, and
     * soaks short enough to walk a release dev → staging → prod in a demo (production: 1 h and 100 tasks in dev, a
     * day and 1,000 tasks in staging); for lineage, the local inbox every alert is paged to.
     */
    private List<String> serviceSettings(Component c, String routerUrl) {
        List<String> settings = new ArrayList<>();
        settings.add("-Dslipway.auth.dir=" + layout.authDir().toAbsolutePath());
        if (c == Component.BUILDER) {
            settings.add("-Dslipway.router.url=" + routerUrl);
            settings.add("-Dslipway.router.token-file=" + layout.authDir().resolve("builder-service.token").toAbsolutePath());
            for (String env : List.of("staging", "prod")) {
                settings.add("-Dslipway.environment." + env + ".min-soak=PT5S");
                settings.add("-Dslipway.environment." + env + ".min-soak-tasks=0");
            }
        }
        if (c == Component.LINEAGE) {
            settings.add("-Dslipway.alerts.sinks=local-inbox");
            settings.add("-Dslipway.alerts.sink.local-inbox.kind=file");
            settings.add("-Dslipway.alerts.sink.local-inbox.path=" + layout.alertInbox().toAbsolutePath());
        }
        return settings;
    }

    private Launched startService(Component c, int port, String bootstrap, String registryUrl, List<String> jvmOptions) {
        Path log = layout.logOf(c);
        Path data = layout.dataOf(c);
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(Processes.currentJava().toString());
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Xmx"))) {
            command.add("-Xmx" + c.defaultHeap());
        }
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dkafka.bootstrap.servers=" + bootstrap);
        command.add("-Dmp.messaging.connector.smallrye-kafka.apicurio.registry.url=" + registryUrl);
        command.add("-Dapicurio.registry.url=" + registryUrl);
        command.add("-Dslipway.data.dir=" + data);
        command.add("-jar");
        command.add(layout.serviceJar(c).toString());
        progress("starting " + c.id() + " on 127.0.0.1:" + port + " …");
        Process p = launch(c, command, log);
        String url = "http://127.0.0.1:" + port;
        return new Launched(c, p, new StackState.Entry(c.id(), p.pid(), processStart(p), url, List.of(port),
                url + "/q/health/ready", log.toString()));
    }

    /** Waits for every launched service's readiness; returns the ids of those that did not make it (and were stopped). */
    private List<String> awaitServices(Map<Component, Launched> launched, Duration timeout) {
        List<String> failed = new ArrayList<>();
        Map<Component, Launched> pending = new LinkedHashMap<>(launched);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            for (Launched l : List.copyOf(pending.values())) {
                if (healthy(l.entry().healthUrl()) != Health.DOWN) {
                    pending.remove(l.component());
                } else if (!l.process().isAlive()) {
                    pending.remove(l.component());
                    failed.add(l.component().id());
                    reportStartFailure(l.component(), "exited with status " + l.process().exitValue(), Path.of(l.entry().log()));
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                for (Launched l : pending.values()) {
                    Processes.terminate(l.process().toHandle(), Duration.ofSeconds(10));
                    failed.add(l.component().id());
                    reportStartFailure(l.component(), "not ready within " + timeout.toSeconds() + " s at " + l.entry().healthUrl(),
                            Path.of(l.entry().log()));
                }
                break;
            }
            pause();
        }
        return failed;
    }

    private Process launch(Component c, List<String> command, Path log) {
        return launch(c.id(), c != Component.REGISTRY, command, log);
    }

    private Process launch(String name, boolean header, List<String> command, Path log) {
        List<String> full = new ArrayList<>();
        // Own session: the process outlives this CLI and ignores the terminal's Ctrl-C / hang-up.
        Processes.setsid().ifPresent(p -> full.add(p.toString()));
        full.addAll(command);
        if (header) {
            appendHeader(log);
        }
        try {
            return new ProcessBuilder(full)
                    .directory(layout.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    private static void appendHeader(Path log) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, System.lineSeparator() + "==== slipway up " + Instant.now() + " ====" + System.lineSeparator(),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log + ": " + e.getMessage(), e);
        }
    }

    private CliException startFailure(Component c, String why, Path log) {
        return new CliException(ExitCodes.FAILED, c.id() + " did not start: " + why + ". Last lines of "
                + layout.display(log) + ":" + System.lineSeparator() + Processes.tail(log, 30));
    }

    private void reportStartFailure(Component c, String why, Path log) {
        out.error(c.id() + " did not start: " + why + ". Last lines of " + layout.display(log) + ":");
        out.err().println(Processes.tail(log, 30));
    }

    private void progress(String message) {
        // progress goes to stderr so that --output json stays parseable
        out.err().println(s.dim(message));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // down

    /** Stops services first (their shutdown needs the broker), then the registry, then the broker. */
    public int down(boolean purge) {
        Optional<StackState> loaded = StackState.load(layout.stackFile());
        if (loaded.isEmpty()) {
            out.line("nothing to stop (no " + layout.display(layout.stackFile()) + ")");
        } else {
            StackState state = loaded.get();
            List<StackState.Entry> services = state.components().stream()
                    .filter(e -> Component.byId(e.name()).map(Component::isService).orElse(true)).toList();
            stopAll(services, Duration.ofSeconds(30));
            state.entry(Component.REGISTRY.id()).ifPresent(e -> stopAll(List.of(e), Duration.ofSeconds(20)));
            state.entry(Component.KAFKA.id()).ifPresent(e -> stopAll(List.of(e), Duration.ofSeconds(60)));
            try {
                Files.deleteIfExists(layout.stackFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (purge) {
            deleteTree(layout.dataDir());
            out.line("removed " + layout.display(layout.dataDir()));
        }
        return ExitCodes.OK;
    }

    private void stopAll(List<StackState.Entry> entries, Duration grace) {
        // SIGTERM all, then wait for each: services stop side by side.
        List<Map.Entry<StackState.Entry, ProcessHandle>> running = new ArrayList<>();
        for (StackState.Entry e : entries) {
            Optional<ProcessHandle> p = e.process();
            if (p.isPresent()) {
                running.add(Map.entry(e, p.get()));
            } else {
                out.line(String.format("%-16s %s", e.name(), s.dim("was not running")));
            }
        }
        running.parallelStream().forEach(r -> {
            boolean clean = Processes.terminate(r.getValue(), grace);
            synchronized (out) {
                out.line(String.format("%-16s %s (pid %d)%s", r.getKey().name(), s.green("stopped"), r.getValue().pid(),
                        clean ? "" : s.yellow(" — killed after " + grace.toSeconds() + " s")));
            }
        });
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // extras: processes beside the stack (simulated providers, workers), stopped by down with the services

    /**
     * Starts a process beside the stack, waits for the line {@code <readyPrefix><id> <url>} in its log and records it
     * in stack.json as {@code name}, so {@code status} shows it and {@code down} stops it.
     */
    public StackState.Entry startExtra(String name, List<String> command, String readyPrefix, Duration timeout) {
        Path log = layout.logsDir().resolve(name.replace(':', '-').replace('/', '-') + ".log");
        appendHeader(log);
        long offset = logSize(log);
        Process p = launch(name, false, command, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String since = readSince(log, offset);
            int at = since.indexOf(readyPrefix);
            if (at >= 0 && since.indexOf('\n', at) > 0) {
                String[] words = since.substring(at + readyPrefix.length(), since.indexOf('\n', at)).trim().split("\\s+");
                StackState.Entry entry = new StackState.Entry(name, p.pid(), processStart(p), words[words.length - 1],
                        List.of(), null, log.toString());
                StackState.load(layout.stackFile()).orElse(StackState.empty(layout.home())).with(entry)
                        .save(layout.stackFile());
                return entry;
            }
            if (!p.isAlive()) {
                throw new CliException(ExitCodes.FAILED, name + " exited with status " + p.exitValue() + ": "
                        + lastLines(readSince(log, offset), 5) + " (log: " + layout.display(log) + ")");
            }
            pause();
        }
        Processes.terminate(p.toHandle(), Duration.ofSeconds(5));
        throw new CliException(ExitCodes.FAILED, name + " was not ready within " + timeout.toSeconds() + " s (log: "
                + layout.display(log) + ")");
    }

    /** Stops one extra process and forgets it. */
    public void stopExtra(String name) {
        StackState state = StackState.load(layout.stackFile()).orElse(StackState.empty(layout.home()));
        state.entry(name).ifPresent(e -> stopAll(List.of(e), Duration.ofSeconds(10)));
        state.without(name).save(layout.stackFile());
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // status

    enum Health { UP, NO_PROBE, DOWN }

    /** Prints each component's state; {@link ExitCodes#OK} when everything recorded is up, else NOT_RUNNING. */
    public int status() {
        Optional<StackState> loaded = StackState.load(layout.stackFile());
        StackState state = loaded.orElse(StackState.empty(layout.home()));
        boolean allUp = loaded.isPresent() && !state.components().isEmpty();
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        List<String> lines = new ArrayList<>();
        Map<String, Long> deadLetters = new java.util.TreeMap<>();
        for (Component c : Component.values()) {
            Optional<StackState.Entry> e = state.entry(c.id());
            String st;
            if (e.isEmpty()) {
                st = c.isService() && loaded.isPresent() ? "not started" : "down";
                if (!c.isService()) {
                    allUp = false;
                }
            } else if (!e.get().alive()) {
                st = "down";
                allUp = false;
            } else {
                Health h = c == Component.KAFKA ? (tcpOpen(e.get().url()) ? Health.UP : Health.DOWN) : healthy(e.get().healthUrl());
                st = h == Health.DOWN ? "unhealthy" : "up";
                if (h == Health.DOWN) {
                    allUp = false;
                }
            }
            ObjectNode n = json.addObject().put("name", c.id()).put("state", st);
            e.ifPresent(x -> n.put("url", x.url()).put("pid", x.pid()).put("log", x.log()));
            if (c.isService() && st.equals("up")) {
                Map<String, Long> counts = deadLetterCounts(e.get().healthUrl());
                ObjectNode dl = n.putObject("deadLetters");
                counts.forEach(dl::put);
                deadLetters.putAll(counts);
            }
            lines.add(row(c.id(), st, e.map(StackState.Entry::url).orElse(""),
                    e.map(x -> "pid " + x.pid()).orElse(""), e.map(x -> layout.display(Path.of(x.log()))).orElse("")));
        }
        for (StackState.Entry extra : state.components()) {
            if (Component.byId(extra.name()).isEmpty()) {
                String st = extra.alive() ? "up" : "down";
                json.addObject().put("name", extra.name()).put("state", st).put("url", extra.url()).put("pid", extra.pid())
                        .put("log", extra.log());
                lines.add(row(extra.name(), st, extra.url(), "pid " + extra.pid(), layout.display(Path.of(extra.log()))));
            }
        }
        com.fasterxml.jackson.databind.JsonNode budgets = state.entry(Component.ROUTER.id()).filter(StackState.Entry::alive)
                .map(r -> budgets(r.url())).orElse(JsonNodeFactory.instance.arrayNode());
        if (out.json()) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.set("budgets", budgets);
            root.put("running", allUp);
            root.put("stateFile", layout.stackFile().toString());
            root.set("components", json);
            out.printJson(root);
        } else {
            if (loaded.isEmpty()) {
                out.line("the local stack is not running (no " + layout.display(layout.stackFile()) + "); start it with bin/slipway up");
            }
            lines.forEach(out::line);
            if (!deadLetters.isEmpty()) {
                long total = deadLetters.values().stream().mapToLong(Long::longValue).sum();
                out.line("dead letters: " + (total == 0 ? s.green("none")
                        : s.yellow(total + "") + " (bin/slipway dlq lists them)"));
                deadLetters.forEach((consumer, count) -> out.line(String.format("  %-24s %s", consumer,
                        count == 0 ? "0" : s.yellow(String.valueOf(count)))));
            }
        }
        if (!out.json() && budgets.size() > 0) {
            out.line("budgets (this router's ledger: reserved = tasks in flight at their spend ceiling):");
            for (var b : budgets) {
                var now = b.path("now");
                out.line("  " + b.path("deployment").asText() + ": " + window("hour", now.path("hour")) + "; "
                        + window("day", now.path("day")) + "; " + now.path("tasksThisMinute").asInt() + " tasks this minute"
                        + (now.path("tasksPerMinute").isNull() ? "" : " of " + now.path("tasksPerMinute").asInt()));
            }
        }
        return allUp ? ExitCodes.OK : ExitCodes.NOT_RUNNING;
    }

    private void printStack(StackState state, Map<Component, String> skipped) {
        if (out.json()) {
            ObjectNode root = Output.mapper().valueToTree(state);
            ObjectNode sk = root.putObject("skipped");
            skipped.forEach((c, why) -> sk.put(c.id(), why));
            out.printJson(root);
            return;
        }
        for (Component c : Component.values()) {
            Optional<StackState.Entry> e = state.entry(c.id());
            if (e.isPresent()) {
                out.line(row(c.id(), "up", e.get().url(), "pid " + e.get().pid(), layout.display(Path.of(e.get().log()))));
            } else if (skipped.containsKey(c)) {
                out.line(row(c.id(), "skipped", skipped.get(c), "", ""));
            }
        }
        out.line(s.dim("logs in " + layout.display(layout.logsDir()) + ", state in " + layout.display(layout.stackFile())
                + "; stop with bin/slipway down"));
    }

    private String row(String name, String state, String url, String pid, String log) {
        String coloured = switch (state) {
            case "up" -> s.green(state);
            case "not started", "skipped" -> s.yellow(state);
            default -> s.red(state);
        };
        // pad before colouring so the columns line up with and without ANSI codes
        String padded = coloured + " ".repeat(Math.max(0, 11 - state.length()));
        // Workers' names are longer than the stack's own: their rows get a name column of their own width.
        return String.format("  %-" + Math.max(16, name.length()) + "s %s %-46s %-10s %s", name, padded, url, pid, log)
                .stripTrailing();
    }

    /** The dead-letter count of each consumer of a service, from its readiness check's data. */
    /** The router's budgets with spend, reserved and remaining now; empty when it has none or does not answer. */
    com.fasterxml.jackson.databind.JsonNode budgets(String routerUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(routerUrl + "/api/v1/budgets"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return Output.mapper().readTree(r.body());
            }
        } catch (IOException e) {
            // unreachable or not JSON: no budgets to show
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return JsonNodeFactory.instance.arrayNode();
    }

    private static String window(String name, com.fasterxml.jackson.databind.JsonNode w) {
        if (w.path("limitUsd").isNull() || w.path("limitUsd").isMissingNode()) {
            return String.format(java.util.Locale.ROOT, "%s %.4f USD spent, %.4f reserved (no limit)", name,
                    w.path("spentUsd").asDouble(), w.path("reservedUsd").asDouble());
        }
        return String.format(java.util.Locale.ROOT, "%s %.4f of %.4f USD spent, %.4f reserved, %.4f left", name,
                w.path("spentUsd").asDouble(), w.path("limitUsd").asDouble(), w.path("reservedUsd").asDouble(),
                w.path("remainingUsd").asDouble());
    }

    Map<String, Long> deadLetterCounts(String healthUrl) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        if (healthUrl == null) {
            return counts;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(healthUrl)).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            for (var check : Output.mapper().readTree(r.body()).path("checks")) {
                check.path("data").fields().forEachRemaining(f -> {
                    if (f.getKey().startsWith(DEAD_LETTERS_PREFIX)) {
                        counts.put(f.getKey().substring(DEAD_LETTERS_PREFIX.length()), f.getValue().asLong());
                    }
                });
            }
        } catch (IOException e) {
            // unreachable or not JSON: no counts to show
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return counts;
    }

    private static final String DEAD_LETTERS_PREFIX = "dead-letters.";

    Health healthy(String url) {
        if (url == null) {
            return Health.NO_PROBE;
        }
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                return Health.UP;
            }
            // the HTTP server answers but the service has no health extension: as ready as we can tell
            return r.statusCode() == 404 ? Health.NO_PROBE : Health.DOWN;
        } catch (IOException e) {
            return Health.DOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.DOWN;
        }
    }

    private static boolean tcpOpen(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 1000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String processStart(Process p) {
        return p.toHandle().info().startInstant().map(Instant::toString).orElse(null);
    }

    private static long logSize(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String readSince(Path log, long offset) {
        try (var raf = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long len = raf.length();
            if (len <= offset) {
                return "";
            }
            raf.seek(offset);
            byte[] b = new byte[(int) Math.min(len - offset, 1 << 20)];
            raf.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause() {
        // polling a child process's log / health endpoint: there is no event to wait on
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
    }
}
