package dev.slipway.agent.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.slipway.events.Topics;
import dev.slipway.events.WorkerHeartbeat;
import dev.slipway.events.WorkerState;

/**
 * Announces a warm worker on {@code slipway.workers} (compacted, key worker id) at a fixed interval — its digest,
 * endpoint, capacity and tasks in flight — and deregisters it with a tombstone when it closes. A missed beat is
 * never retried: the next one carries the news.
 */
public final class KafkaHeartbeats implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaHeartbeats.class.getName());

    /** Who the worker is and where it takes tasks. */
    public record Worker(String workerId, String deployment, String digest, String endpoint, String region, int capacity) {
    }

    private final Worker worker;
    private final IntSupplier inFlight;
    private final Clock clock;
    private final KafkaProducer<String, WorkerHeartbeat> producer;
    private final ScheduledExecutorService timer;

    public KafkaHeartbeats(String bootstrap, String registryUrl, Worker worker, IntSupplier inFlight, Duration every,
            Clock clock) {
        this.worker = worker;
        this.inFlight = inFlight;
        this.clock = clock;
        this.producer = KafkaClients.producer(bootstrap, registryUrl, "slipway-heartbeats-" + worker.workerId(), Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.max(1_000, every.toMillis()),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(30_000, 3 * every.toMillis())));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slipway-heartbeats-" + worker.workerId());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::beat, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            producer.send(new ProducerRecord<>(Topics.WORKERS.name(), worker.workerId(), WorkerHeartbeat.newBuilder()
                    .setWorkerId(worker.workerId())
                    .setDeployment(worker.deployment())
                    .setDigest(worker.digest())
                    .setEndpoint(worker.endpoint())
                    .setRegion(worker.region())
                    .setCapacity(worker.capacity())
                    .setInFlight(inFlight.getAsInt())
                    .setState(WorkerState.WARM)
                    .setSentAt(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                    .build()));
        } catch (RuntimeException e) {
            LOG.warning("heartbeat of " + worker.workerId() + " not sent: " + e.getMessage());
        }
    }

    /** Stops beating and deregisters the worker (a tombstone for its id). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            producer.send(new ProducerRecord<>(Topics.WORKERS.name(), worker.workerId(), null)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warning("could not deregister " + worker.workerId() + " (its heartbeats will expire): " + e.getMessage());
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
