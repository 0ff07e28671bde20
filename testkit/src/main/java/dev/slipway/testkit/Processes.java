package dev.slipway.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small helpers for the child processes the testkit and the CLI start: stop a process tree, read a log's tail. */
public final class Processes {

    private Processes() {
    }

    /**
     * Stops {@code process} and its descendants: SIGTERM first (so Quarkus and Kafka shut down cleanly), then
     * SIGKILL for whatever still runs after {@code grace}. Returns true if everything had ended by then without
     * SIGKILL.
     */
    public static boolean terminate(ProcessHandle process, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean clean = true;
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                clean = false;
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                return false;
            } catch (ExecutionException e) {
                // onExit never completes exceptionally; nothing to do
            }
        }
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                clean = false;
            }
        }
        return clean;
    }

    /** The last {@code lines} lines of a (possibly large) log file; empty if it does not exist. */
    public static String tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - 64L * 1024);
            raf.seek(start);
            byte[] bytes = new byte[(int) (length - start)];
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            int from = Math.max(0, all.length - lines);
            return String.join(System.lineSeparator(), Arrays.asList(all).subList(from, all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** {@code setsid} if this OS has it: starts a child in its own session so it outlives the launching terminal. */
    public static Optional<Path> setsid() {
        return List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream().filter(Files::isExecutable).findFirst();
    }

    /** The {@code java} launcher of the running JVM. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
