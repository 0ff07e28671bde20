package dev.slipway.lineage.alerts;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.slipway.events.Alert;
import dev.slipway.events.AlertDelivery;
import dev.slipway.events.AlertDeliveryStatus;
import dev.slipway.events.Topics;
import dev.slipway.service.RegistrySerdes;
import dev.slipway.service.intake.GroupReader;
import dev.slipway.service.intake.Intake;
import dev.slipway.service.intake.TopicReader;
import dev.slipway.service.intake.TopicView;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * Delivers every alert on {@code slipway.alerts} to every configured {@link AlertSink}, once.
 *
 * <p>The alerts are read by an intake {@link GroupReader} ({@code lineage.alert-dispatch}). How once holds across
 * restarts: the ledger {@code slipway.alert-deliveries} (compacted, key
 * {@code <alert id>/<sink>}) is read to its end before anything is sent; an alert goes to each sink the ledger does not
 * name, with the {@link DeliveryPolicy}'s retries, and the outcome is written to the ledger (acknowledged by every
 * replica) before the alert's offset is committed (consumer group {@code slipway-lineage-alert-dispatch}). A crash
 * before the ledger write sends that page again after the restart, with the same {@code Idempotency-Key}, so a
 * receiver that saw the first attempt recognises the second; a page the ledger names is never sent again. A page no
 * retry delivered goes, with the alert, to {@code slipway.alert-dead-letter} and is counted — never dropped. A bad
 * record on {@code slipway.alerts} is dead-lettered like any other (reader {@code lineage.alert-dispatch}).
 *
 * <p>Alerts older than {@code slipway.alerts.max-age} when first seen (a sink added to a running system, a consumer
 * group reset) are recorded as skipped in the log, not paged: a page is for now.
 */
@Startup
@ApplicationScoped
public class AlertDispatcher {

    private static final Logger LOG = Logger.getLogger(AlertDispatcher.class);
    static final String GROUP = "slipway-lineage-alert-dispatch";
    static final String READER = "alert-dispatch";

    private final Intake intake;
    private final List<AlertSink> sinks;
    private final DeliveryPolicy policy;
    private final Duration timeout;
    private final Duration maxAge;
    private final MeterRegistry metrics;
    private final Map<String, AlertDeliveryStatus> ledger = new ConcurrentHashMap<>();
    private final HttpClient http;
    private TopicReader ledgerReader;
    private GroupReader<Alert> reader;
    private KafkaProducer<String, AlertDelivery> producer;

    public AlertDispatcher(Intake intake, Config config, MeterRegistry metrics,
            @ConfigProperty(name = "slipway.alerts.sinks", defaultValue = " ") String sinkNames,
            @ConfigProperty(name = "slipway.alerts.max-attempts", defaultValue = "6") int maxAttempts,
            @ConfigProperty(name = "slipway.alerts.first-backoff", defaultValue = "PT0.5S") Duration firstBackoff,
            @ConfigProperty(name = "slipway.alerts.longest-backoff", defaultValue = "PT30S") Duration longestBackoff,
            @ConfigProperty(name = "slipway.alerts.timeout", defaultValue = "PT5S") Duration timeout,
            @ConfigProperty(name = "slipway.alerts.max-age", defaultValue = "PT1H") Duration maxAge) {
        this.intake = intake;
        this.sinks = AlertSink.fromConfig(sinkNames, name -> config.getOptionalValue(name, String.class));
        this.policy = new DeliveryPolicy(maxAttempts, firstBackoff, longestBackoff);
        this.timeout = timeout;
        this.maxAge = maxAge;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        if (sinks.isEmpty()) {
            LOG.info("alert delivery is off: no sink configured (slipway.alerts.sinks=<name>,… with "
                    + "slipway.alerts.sink.<name>.kind=slack|alertmanager|webhook|file and .url or .path)");
            return;
        }
        LOG.infof("alert delivery to %s", sinks);
        ledgerReader = intake.read("alert-ledger", r -> r.read(intake.gate(Topics.ALERT_DELIVERIES),
                TopicView.of((key, delivery) -> ledger.put(key, delivery.getStatus()), ledger::remove)));
        producer = new KafkaProducer<>(producerConfig());
        // The ledger is read to its end before any page is sent.
        reader = intake.consume(READER, GROUP, Topics.ALERTS, this::dispatch, ledgerReader::isCaughtUp);
    }

    public List<AlertSink> sinks() {
        return sinks;
    }

    void dispatch(Alert alert) throws InterruptedException {
        Duration age = Duration.between(alert.getRaisedAt(), Instant.now());
        for (AlertSink sink : sinks) {
            String key = alert.getAlertId() + "/" + sink.name();
            if (ledger.containsKey(key)) {
                continue;
            }
            if (age.compareTo(maxAge) > 0) {
                LOG.infof("alert %s on %s raised %s ago, over slipway.alerts.max-age %s: not paged to %s",
                        alert.getAlertId(), alert.getDeployment(), age, maxAge, sink.name());
                continue;
            }
            deliver(alert, sink, key);
        }
    }

    private void deliver(Alert alert, AlertSink sink, String key) throws InterruptedException {
        AlertSink.Attempt attempt;
        int attempts = 0;
        DeliveryPolicy.Verdict verdict;
        do {
            attempts++;
            attempt = sink.send(http, timeout, alert, key);
            verdict = policy.after(attempt.status(), attempts);
            if (verdict == DeliveryPolicy.Verdict.RETRY) {
                Duration pause = policy.backoff(attempts, attempt.retryAfter());
                LOG.warnf("alert %s to %s: %s; attempt %d of %d again in %d ms", alert.getAlertId(), sink.name(),
                        attempt.error(), attempts + 1, policy.maxAttempts(), pause.toMillis());
                Thread.sleep(pause.toMillis());
            }
        } while (verdict == DeliveryPolicy.Verdict.RETRY && (reader == null || reader.running()));
        boolean delivered = verdict == DeliveryPolicy.Verdict.DELIVERED;
        if (!delivered && verdict == DeliveryPolicy.Verdict.RETRY) {
            return; // shutting down mid-retry: not in the ledger, so sent again after the restart
        }
        AlertDelivery record = AlertDelivery.newBuilder()
                .setAlertId(alert.getAlertId())
                .setDeployment(alert.getDeployment())
                .setSink(sink.name())
                .setStatus(delivered ? AlertDeliveryStatus.DELIVERED : AlertDeliveryStatus.UNDELIVERABLE)
                .setAttempts(attempts)
                .setLastError(attempt.error())
                .setAt(Instant.now())
                .build();
        try {
            if (!delivered) {
                AlertDelivery dead = AlertDelivery.newBuilder(record).setAlert(alert).build();
                producer.send(new ProducerRecord<>(Topics.ALERT_DEAD_LETTER.name(), alert.getDeployment(), dead))
                        .get(30, TimeUnit.SECONDS);
                LOG.errorf("alert %s on %s could not be delivered to %s after %d attempts (%s): kept on %s",
                        alert.getAlertId(), alert.getDeployment(), sink.name(), attempts, attempt.error(),
                        Topics.ALERT_DEAD_LETTER.name());
            }
            producer.send(new ProducerRecord<>(Topics.ALERT_DELIVERIES.name(), key, record)).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the alert ledger could not be written: " + e.getMessage(), e);
        }
        ledger.put(key, record.getStatus());
        metrics.counter("slipway.alerts.pages", "sink", sink.name(), "outcome",
                delivered ? "delivered" : "undeliverable").increment();
        if (delivered) {
            Timer.builder("slipway.alerts.page.latency").description("From an alert being raised to a sink taking it")
                    .tag("sink", sink.name()).register(metrics)
                    .record(Duration.between(alert.getRaisedAt(), Instant.now()));
        }
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(intake.kafkaSettings());
        config.putAll(RegistrySerdes.clientConfig(intake.registryUrl()));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "lineage.alert-ledger");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        return config;
    }

    @PreDestroy
    void close() {
        if (reader != null) {
            reader.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    Optional<AlertDeliveryStatus> delivered(String alertId, String sink) {
        return Optional.ofNullable(ledger.get(alertId + "/" + sink));
    }
}
