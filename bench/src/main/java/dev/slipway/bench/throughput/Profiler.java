package dev.slipway.bench.throughput;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of the Streams passes (JFR's "profile" settings: Java stacks sampled every 10 ms, threads in native
 * code every 20 ms), summarised for the stream thread: samples per phase (a sample counts for the first phase of the
 * list found anywhere in its stack), by place in the topology (the innermost place found), and the hottest leaf
 * methods.
 */
final class Profiler {

    private final Path file;
    private Recording recording;

    Profiler(Path file) {
        this.file = file;
    }

    void start() throws IOException, ParseException {
        if (recording == null) {
            recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setToDisk(true);
            recording.setDestination(file);
            recording.start();
        }
        // One recording over all passes; samples outside the Streams passes are left out by time.
        windows.add(new long[] {System.currentTimeMillis(), Long.MAX_VALUE});
    }

    void stop() {
        windows.get(windows.size() - 1)[1] = System.currentTimeMillis();
    }

    private final List<long[]> windows = new java.util.ArrayList<>();

    /** Phases, most specific first: a sample counts for the first phase any of its frames (leaf to root) matches. */
    private static final Map<String, Predicate<String>> PHASES = new LinkedHashMap<>();

    static {
        PHASES.put("Apicurio: schema fingerprint per record", m -> m.startsWith("org.apache.avro.SchemaNormalization"));
        PHASES.put("judge: String.format of verdict messages", m -> m.startsWith("java.util.Formatter")
                || m.startsWith("java.lang.String.format"));
        PHASES.put("judge: statistics (Judge.evaluate rest)", m -> m.startsWith("dev.slipway.canary.judge."));
        PHASES.put("Avro: serialise state (progress / pending)", m -> m.startsWith("io.apicurio.registry.serde.AbstractSerializer")
                || m.startsWith("io.apicurio.registry.serde.avro.AvroSerializer")
                || m.startsWith("org.apache.avro.specific.SpecificDatumWriter")
                || m.startsWith("org.apache.avro.generic.GenericDatumWriter"));
        PHASES.put("Avro: deserialise (runs in, state out)", m -> m.startsWith("io.apicurio.registry.serde.AbstractDeserializer")
                || m.startsWith("io.apicurio.registry.serde.avro.AvroDeserializer")
                || m.startsWith("org.apache.avro.specific.SpecificDatumReader")
                || m.startsWith("org.apache.avro.generic.GenericDatumReader"));
        PHASES.put("Avro builders (ArmTally, newBuilder copies)", m -> m.startsWith("dev.slipway.canary.ArmTally")
                || (m.startsWith("dev.slipway.events.") && m.contains("Builder")));
        PHASES.put("RocksDB (state stores)", m -> m.startsWith("org.rocksdb.") || m.contains("RocksDBStore"));
        PHASES.put("record cache / changelog", m -> m.contains("ThreadCache") || m.contains("NamedCache")
                || m.contains("ChangeLoggingKeyValueBytesStore") || m.contains("StoreChangeLogger"));
        PHASES.put("producer (send, transactions)", m -> m.startsWith("org.apache.kafka.clients.producer."));
        PHASES.put("consumer (poll, fetch)", m -> m.startsWith("org.apache.kafka.clients.consumer."));
        PHASES.put("canary processor (rest)", m -> m.startsWith("dev.slipway.canary.stream."));
        PHASES.put("Kafka Streams (rest)", m -> m.startsWith("org.apache.kafka.streams."));
    }

    /** Where in the topology a sample is: the first of these found from the leaf. */
    private static final Map<String, Predicate<String>> CONTEXTS = new LinkedHashMap<>();

    static {
        CONTEXTS.put("deserialise a source record", m -> m.endsWith("SourceNode.deserializeValue")
                || m.endsWith("SourceNode.deserializeKey"));
        CONTEXTS.put("state store get", m -> m.endsWith("MeteredKeyValueStore.get"));
        CONTEXTS.put("state store put", m -> m.endsWith("MeteredKeyValueStore.put") || m.endsWith("MeteredKeyValueStore.delete"));
        CONTEXTS.put("sink (window, command, alert out)", m -> m.endsWith("SinkNode.process"));
        CONTEXTS.put("commit / flush (changelog, transaction)", m -> m.contains("TaskExecutor.commit")
                || m.contains("TaskManager.commit") || m.endsWith("StreamTask.prepareCommit") || m.endsWith("StreamTask.flush")
                || m.contains("maybeCommit"));
        CONTEXTS.put("canary processor itself", m -> m.startsWith("dev.slipway.canary."));
        CONTEXTS.put("poll / fetch", m -> m.endsWith("StreamThread.pollPhase"));
    }

    void summarise() throws IOException {
        recording.stop();
        recording.close();
        Map<String, Long> byPhase = new LinkedHashMap<>();
        PHASES.keySet().forEach(k -> byPhase.put(k, 0L));
        byPhase.put("other", 0L);
        Map<String, Long> leaves = new HashMap<>();
        Map<String, Long> byContext = new LinkedHashMap<>();
        CONTEXTS.keySet().forEach(k -> byContext.put(k, 0L));
        byContext.put("other", 0L);
        long streamSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            // Java frames are sampled every 10 ms, threads in native code (RocksDB, sockets) every 20 ms: those count twice.
            String type = e.getEventType().getName();
            long weight = type.equals("jdk.ExecutionSample") ? 1 : type.equals("jdk.NativeMethodSample") ? 2 : 0;
            if (weight == 0) {
                continue;
            }
            long at = e.getStartTime().toEpochMilli();
            if (windows.stream().noneMatch(w -> at >= w[0] && at <= w[1])) {
                continue;
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            if (!thread.matches(".*-StreamThread-\\d+")) {
                continue;
            }
            streamSamples += weight;
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            if (!frames.isEmpty()) {
                leaves.merge(name(frames.get(0)), weight, Long::sum);
            }
            String phase = "other";
            outer:
            for (Map.Entry<String, Predicate<String>> p : PHASES.entrySet()) {
                for (RecordedFrame f : frames) {
                    if (p.getValue().test(name(f))) {
                        phase = p.getKey();
                        break outer;
                    }
                }
            }
            byPhase.merge(phase, weight, Long::sum);
            String context = "other";
            found:
            for (RecordedFrame f : frames) {
                for (Map.Entry<String, Predicate<String>> c : CONTEXTS.entrySet()) {
                    if (c.getValue().test(name(f))) {
                        context = c.getKey();
                        break found;
                    }
                }
            }
            byContext.merge(context, weight, Long::sum);
        }
        // No per-thread table: JFR samples only a few threads per period, rotating over all of them, so per-thread
        // counts in a JVM that also runs the broker say little; shares within one thread are sound.
        System.out.printf(Locale.ROOT, "%nprofile of the stream thread during the Streams passes (%s):%n", file);
        long ss = streamSamples;
        System.out.printf(Locale.ROOT, "stream thread, %d samples (Java every 10 ms, native every 20 ms counted twice), by phase (first phase of the list found in the stack):%n", ss);
        byPhase.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * v / Math.max(1, ss), k));
        System.out.println("stream thread, by place in the topology (innermost first):");
        byContext.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * v / Math.max(1, ss), k));
        System.out.println("stream thread, hottest leaf methods:");
        leaves.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(t -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * t.getValue() / Math.max(1, ss),
                        t.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
