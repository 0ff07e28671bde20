package dev.slipway.agent;

/**
 * Where finished runs go. Reporting never blocks or fails a task: an implementation buffers within a bound and counts
 * what it could not deliver ({@link #lost()}), so a loss is visible, never silent.
 */
public interface RunReporter {

    void report(RunRecord run);

    /** Runs accepted but not delivered, and never to be: buffer full, or the broker refused them for good. */
    long lost();

    /** Keeps runs in memory, e.g. for tests and tools that read them back. */
    final class InMemory implements RunReporter {
        private final java.util.List<RunRecord> runs = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void report(RunRecord run) {
            runs.add(run);
        }

        @Override
        public long lost() {
            return 0;
        }

        public java.util.List<RunRecord> runs() {
            return java.util.List.copyOf(runs);
        }
    }
}
