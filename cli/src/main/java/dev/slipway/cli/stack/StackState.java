package dev.slipway.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** {@code .slipway/stack.json}: what {@code up} started, so {@code status}, {@code down} and the release verbs find it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StackState(String home, String updatedAt, List<Entry> components) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One running component.
     *
     * @param processStart start instant of the process as the OS reports it, to tell our process from a recycled pid
     * @param url          where clients go: {@code 127.0.0.1:19092} for Kafka, {@code http://…} otherwise
     * @param healthUrl    readiness probe, if it has one
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String name, long pid, String processStart, String url, List<Integer> ports, String healthUrl,
                        String log) {

        /** The process, if it is still the one we started. */
        public Optional<ProcessHandle> process() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> processStart == null
                            || h.info().startInstant().map(Instant::toString).map(processStart::equals).orElse(true));
        }

        public boolean alive() {
            return process().isPresent();
        }
    }

    public StackState {
        components = List.copyOf(components);
    }

    public static StackState empty(Path home) {
        return new StackState(home.toString(), Instant.now().toString(), List.of());
    }

    public static Optional<StackState> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StackState.class));
        } catch (IOException e) {
            // A broken state file must not break the release verbs; up rewrites it, down removes it.
            return Optional.empty();
        }
    }

    public void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<Entry> entry(String name) {
        return components.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<String> urlOf(String name) {
        return entry(name).map(Entry::url);
    }

    /** A copy with {@code entry} added or replacing the one of the same name, in component order. */
    public StackState with(Entry entry) {
        List<Entry> list = new ArrayList<>(components.stream().filter(e -> !e.name().equals(entry.name())).toList());
        list.add(entry);
        list.sort(java.util.Comparator.comparingInt(e -> Component.byId(e.name()).map(Enum::ordinal).orElse(99)));
        return new StackState(home, Instant.now().toString(), list);
    }

    public StackState without(String name) {
        return new StackState(home, Instant.now().toString(),
                components.stream().filter(e -> !e.name().equals(name)).toList());
    }
}
