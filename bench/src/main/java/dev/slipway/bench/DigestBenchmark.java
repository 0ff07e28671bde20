package dev.slipway.bench;

import dev.slipway.release.LoadedRelease;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Release digest throughput, end to end, against {@code sha256sum} over exactly the same files.
 *
 * <p>Generates a deterministic release (default 1,000 files, 50 MiB: mostly prompts, some tool manifests with large
 * JSON schemas) in a temporary directory, then alternates, after warm-up runs, {@code
 * ReleaseLoader.load(ReleaseSource.directory(dir)).release().digest()} (read, parse, validate, canonicalise, hash) and
 * one {@code sha256sum} process over all the files, and reports best and median MB/s of each. The last line is the
 * median throughput ratio. Files are in the page cache for both sides (they were just written and are read each run).
 *
 * <p>Options: {@code --files N} {@code --mib N} {@code --seed N} {@code --warmup N} {@code --runs N} {@code --keep}.
 * Run it with {@code bench/digest.sh}.
 */
public final class DigestBenchmark {

    private DigestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = 1000;
        long mib = 50;
        long seed = 20250514L;
        int warmup = 5;
        int runs = 15;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--mib" -> mib = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("usage: DigestBenchmark [--files N] [--mib N] [--seed N] [--warmup N] [--runs N] [--keep]");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createTempDirectory("slipway-digest-bench");
        try {
            run(dir, files, mib * 1024 * 1024, seed, warmup, runs);
        } finally {
            if (keep) {
                System.out.println("kept " + dir);
            } else {
                delete(dir);
            }
        }
    }

    private static void run(Path dir, int fileCount, long bytes, long seed, int warmup, int runs) throws Exception {
        ReleaseGenerator.Generated release = ReleaseGenerator.generate(dir, seed, fileCount, bytes);
        double mb = release.totalBytes() / 1e6;
        System.out.printf(Locale.ROOT, "release: %d files (%d prompts, %d tool manifests, eval suite, results, manifest), "
                + "%d bytes (%.1f MB), seed %d%n", release.files().size(), release.prompts(), release.tools(),
                release.totalBytes(), mb, seed);
        System.out.printf(Locale.ROOT, "java %s, %d available processors%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors());

        String digest = null;
        for (int i = 0; i < warmup; i++) {
            digest = slipway(dir);
            sha256sum(dir, release.files());
        }
        long[] java = new long[runs];
        long[] coreutils = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            String d = slipway(dir);
            long t1 = System.nanoTime();
            sha256sum(dir, release.files());
            long t2 = System.nanoTime();
            if (digest != null && !digest.equals(d)) {
                throw new IllegalStateException("digest changed between runs: " + digest + " vs " + d);
            }
            digest = d;
            java[i] = t1 - t0;
            coreutils[i] = t2 - t1;
        }
        System.out.println("release digest: " + digest);
        Stats s = Stats.of(java, mb);
        Stats c = Stats.of(coreutils, mb);
        System.out.printf(Locale.ROOT, "slipway load+digest: best %7.1f ms (%7.1f MB/s), median %7.1f ms (%7.1f MB/s), %d runs after %d warm-up%n",
                s.bestMs, s.bestMbps, s.medianMs, s.medianMbps, runs, warmup);
        System.out.printf(Locale.ROOT, "sha256sum          : best %7.1f ms (%7.1f MB/s), median %7.1f ms (%7.1f MB/s)%n",
                c.bestMs, c.bestMbps, c.medianMs, c.medianMbps);
        System.out.printf(Locale.ROOT, "best-run ratio: %.2f%n", s.bestMbps / c.bestMbps);
        System.out.printf(Locale.ROOT, "digest/sha256sum throughput ratio: %.2f%n", s.medianMbps / c.medianMbps);
    }

    private record Stats(double bestMs, double bestMbps, double medianMs, double medianMbps) {
        static Stats of(long[] nanos, double mb) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double best = sorted[0] / 1e6;
            double median = sorted.length % 2 == 1
                    ? sorted[sorted.length / 2] / 1e6
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2e6;
            return new Stats(best, mb / (best / 1e3), median, mb / (median / 1e3));
        }
    }

    private static String slipway(Path dir) {
        LoadedRelease loaded = ReleaseLoader.load(ReleaseSource.directory(dir));
        return loaded.release().digest();
    }

    private static void sha256sum(Path dir, List<String> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(files.size() + 2);
        command.add("sha256sum");
        command.add("--");
        command.addAll(files);
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("sha256sum exited with " + exit);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
