package dev.slipway.agent.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.slipway.agent.RunRecord;
import dev.slipway.agent.RunReporter;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.Topics;

/**
 * Reports runs on {@code slipway.runs} without ever holding a task up. {@link #report} puts the run in a bounded
 * in-memory queue and returns; one sender thread hands queued runs to the Kafka producer, which retries while the
 * broker is away (up to the delivery timeout), and holds on to a run it cannot even hand over until the broker is
 * back. While the broker is down the queue fills; a run that finds it full, or that the producer gives up on, is
 * counted in {@link #lost()} and logged — never dropped silently.
 */
public final class KafkaRunReporter implements RunReporter, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaRunReporter.class.getName());

    private final KafkaProducer<String, RunCompleted> producer;
    private final LinkedBlockingDeque<RunCompleted> queue;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread sender;
    private volatile boolean closing;

    /**
     * @param capacity        runs held while the broker is unreachable, beyond those the producer holds
     * @param deliveryTimeout how long the producer keeps retrying one run before it is counted lost
     */
    public KafkaRunReporter(String bootstrap, String registryUrl, String workerId, int capacity, Duration deliveryTimeout) {
        this.producer = KafkaClients.producer(bootstrap, registryUrl, "slipway-runs-" + workerId, Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, deliveryTimeout.toMillis() / 2),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // The sender thread, not the task, waits for an absent broker; it retries the run after this.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(5_000, deliveryTimeout.toMillis())));
        this.queue = new LinkedBlockingDeque<>(capacity);
        this.sender = new Thread(this::sendLoop, "slipway-run-reporter-" + workerId);
        this.sender.setDaemon(true);
        this.sender.start();
    }

    @Override
    public void report(RunRecord run) {
        if (closing || !queue.offerLast(RunEvents.toEvent(run))) {
            lost.incrementAndGet();
            LOG.warning("run " + run.runId() + " of " + run.deployment() + " not reported: the report buffer is full ("
                    + queue.size() + " runs waiting for the broker)");
        }
    }

    /** Runs acknowledged by the broker. */
    public long sent() {
        return sent.get();
    }

    @Override
    public long lost() {
        return lost.get();
    }

    /** Runs accepted and not yet acknowledged or lost. */
    public long pending() {
        return queue.size() + inFlight.get();
    }

    private void sendLoop() {
        RunCompleted held = null;
        while (true) {
            if (held == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                try {
                    held = queue.pollFirst(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (held == null) {
                    continue;
                }
                inFlight.incrementAndGet();
            }
            RunCompleted run = held;
            try {
                producer.send(new ProducerRecord<>(Topics.RUNS.name(), Topics.RUNS.expectedKey(run), run), (meta, error) -> {
                    inFlight.decrementAndGet();
                    if (error == null) {
                        sent.incrementAndGet();
                    } else {
                        lost.incrementAndGet();
                        LOG.log(Level.WARNING, "run " + run.getRunId() + " not delivered: " + error.getMessage());
                    }
                });
                held = null;
            } catch (RuntimeException e) {
                // No metadata within max.block.ms: the broker is away. Keep the run in hand and try it again.
                if (closing) {
                    return;
                }
            }
        }
    }

    /** Stops accepting runs, waits up to {@code timeout} for the ones pending, counts the rest lost. */
    public void close(Duration timeout) {
        closing = true;
        try {
            sender.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
        producer.close(timeout);
        int left = queue.size();
        queue.clear();
        lost.addAndGet(left + inFlight.getAndSet(0));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
