package dev.slipway.router.workers;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The warm workers the router knows, by digest, from their heartbeats: plain decision logic, no Kafka. A worker is
 * warm while its last heartbeat is younger than the expiry; a worker the router could not reach is set aside until
 * it beats again. Among the warm workers of a digest the one with the fewest tasks the router has in flight on it
 * is picked (ties by id, so the choice is stable).
 */
public final class WorkerPool {

    /** A worker as its last heartbeat described it. */
    public record Worker(String workerId, String deployment, String digest, URI endpoint, String region, int capacity,
            Instant lastBeat) {
    }

    private final Duration expiry;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final Map<String, Instant> unreachableSince = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public WorkerPool(Duration expiry) {
        this.expiry = expiry;
    }

    /** A heartbeat: the worker is (again) a candidate, unless an older beat arrives after a newer one. */
    public void beat(Worker worker) {
        workers.merge(worker.workerId(), worker,
                (known, incoming) -> incoming.lastBeat().isBefore(known.lastBeat()) ? known : incoming);
        Instant since = unreachableSince.get(worker.workerId());
        if (since != null && worker.lastBeat().isAfter(since)) {
            unreachableSince.remove(worker.workerId());
        }
    }

    /** The worker deregistered (a tombstone): never picked again unless it beats again. */
    public void gone(String workerId) {
        workers.remove(workerId);
        unreachableSince.remove(workerId);
    }

    /** The router could not reach the worker: set aside until a heartbeat newer than {@code now}. */
    public void unreachable(String workerId, Instant now) {
        unreachableSince.put(workerId, now);
    }

    /** Warm workers of a digest at {@code now}, in the order they would be picked. */
    public List<Worker> warm(String digest, Instant now) {
        return workers.values().stream()
                .filter(w -> w.digest().equals(digest))
                .filter(w -> !w.lastBeat().plus(expiry).isBefore(now))
                .filter(w -> !unreachableSince.containsKey(w.workerId()))
                .sorted(Comparator.comparingInt((Worker w) -> inFlight(w.workerId())).thenComparing(Worker::workerId))
                .toList();
    }

    /** The worker a task for {@code digest} goes to, if any is warm; the caller must {@link #done} it. */
    public Optional<Worker> pick(String digest, Instant now) {
        List<Worker> warm = warm(digest, now);
        if (warm.isEmpty()) {
            return Optional.empty();
        }
        Worker chosen = warm.get(0);
        inFlight.computeIfAbsent(chosen.workerId(), id -> new AtomicInteger()).incrementAndGet();
        return Optional.of(chosen);
    }

    /** The task sent to {@code worker} ended, however it ended. */
    public void done(Worker worker) {
        AtomicInteger n = inFlight.get(worker.workerId());
        if (n != null) {
            n.updateAndGet(v -> Math.max(0, v - 1));
        }
    }

    private int inFlight(String workerId) {
        AtomicInteger n = inFlight.get(workerId);
        return n == null ? 0 : n.get();
    }

    /** Every known worker, warm or not, for status views. */
    public List<Worker> all() {
        return workers.values().stream().sorted(Comparator.comparing(Worker::workerId)).toList();
    }
}
