package dev.slipway.bench.memory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.release.ReleaseBundle;
import dev.slipway.testkit.stack.ServiceProcess;
import dev.slipway.testkit.stack.Stack;

/**
 * Bounded memory of the builder under a flood of large builds: the packaged builder (heap as in the local stack,
 * {@code -Xmx768m}) on a real broker and registry receives {@code clients} concurrent requests, each a release of
 * 15 MiB (15 prompts at the 1 MiB limit, every one different) or a 40 MB body over the body limit, repeated for
 * {@code rounds}. Reported: the peak resident set size of the builder process (sampled every 50 ms from
 * /proc/&lt;pid&gt;/status), the answers by status, and that the builder still builds afterwards.
 *
 * <p>Usage: bench/memory.sh [--clients N] [--rounds N]. Results in docs/benchmarks.md ("Builder memory").
 */
public final class BuildMemoryBenchmark {

    /** The harness acts for everyone; the services verify this token as they would any caller's. */
    private static final String BENCH_BEARER = "Bearer " + dev.slipway.testkit.TestTokens.everyone("bench");

    private static final int MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int clients = intArg(args, "--clients", 48);
        int rounds = intArg(args, "--rounds", 2);
        System.setProperty("slipway.stack.service-heap", "768m");
        try (Stack stack = Stack.startAll(Stack.repoRoot().resolve("bench/target"), "memory", Map.of())) {
            ServiceProcess builder = stack.builder();
            long pid = builder.pid();
            AtomicLong peakRss = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    peakRss.accumulateAndGet(rssKib(pid), Math::max);
                    sleep(50);
                }
            });
            long idleRss = rssKib(pid);
            sampler.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            Map<Integer, Integer> statuses = new TreeMap<>();
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                for (int round = 0; round < rounds; round++) {
                    List<Future<Integer>> answers = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        int id = round * clients + c;
                        answers.add(pool.submit(() -> post(http, builder.url("/api/v1/releases"), body(id))));
                    }
                    for (Future<Integer> answer : answers) {
                        statuses.merge(answer.get(), 1, Integer::sum);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            sampling.set(false);
            sampler.join();
            int after = post(http, builder.url("/api/v1/releases"), body(-1));
            System.out.printf(Locale.ROOT, "machine: %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "%d clients x %d rounds in %.1f s; answers by status %s%n", clients, rounds,
                    seconds, statuses);
            System.out.printf(Locale.ROOT, "builder RSS: idle %d MiB, peak %d MiB (heap limit 768 MiB)%n",
                    idleRss / 1024, peakRss.get() / 1024);
            System.out.printf(Locale.ROOT, "a build after the flood: HTTP %d%n", after);
        }
    }

    private static final String ID_MARK = "request-000000";
    private static volatile byte[] template;

    /**
     * Every third request is over the body limit; the others are distinct 15 MiB releases: one template body, its
     * request id patched in, so the load generator itself stays small.
     */
    private static byte[] body(int id) throws Exception {
        if (id >= 0 && id % 3 == 2) {
            byte[] big = new byte[40 * MIB];
            java.util.Arrays.fill(big, (byte) ' ');
            return big;
        }
        byte[] body = template().clone();
        byte[] mark = String.format(Locale.ROOT, "request-%06d", id < 0 ? 999_999 : id).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, ID_MARK.getBytes(StandardCharsets.US_ASCII));
        System.arraycopy(mark, 0, body, at, mark.length);
        return body;
    }

    private static synchronized byte[] template() throws Exception {
        if (template == null) {
            ObjectNode bundle = JSON.valueToTree(ReleaseBundle.fromDirectory(Stack.repoRoot().resolve("examples/support-triage")));
            StringBuilder entries = new StringBuilder("prompts:\n");
            ObjectNode files = (ObjectNode) bundle.get("files");
            for (int i = 0; i < 15; i++) {
                entries.append("  p").append(i).append(": prompts/p").append(i).append(".md\n");
                String head = (i == 0 ? ID_MARK : "") + " prompt " + i + " ";
                files.put("prompts/p" + i + ".md", head + "x".repeat(MIB - head.length()));
            }
            bundle.put("manifest", bundle.get("manifest").asText().replace("prompts:\n", entries.toString()));
            template = JSON.writeValueAsBytes(bundle);
        }
        return template;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("no request id mark in the template");
    }

    private static int post(HttpClient http, String url, byte[] body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", BENCH_BEARER).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1; // the connection was closed by the builder after refusing (413/503 before the body is read)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -2;
        }
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
