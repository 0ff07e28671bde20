package dev.slipway.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;

import dev.slipway.events.Topics;

/**
 * A record a Streams job cannot decode goes, byte for byte, to {@code slipway.dead-letter} with headers naming its
 * source topic, partition, offset and the error, and the job moves on; if the dead-letter write itself fails, the job
 * stops rather than lose the record. Written here because Kafka Streams 4.1 has no dead-letter queue of its own
 * (4.2 adds one); the SmallRye channels use the connector's, with the same topic and header names.
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = Logger.getLogger(DeadLetterDeserializationHandler.class);

    private KafkaProducer<byte[], byte[]> producer;

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(producerConfig);
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-topic", utf8(record.topic()));
        headers.add("dead-letter-partition", utf8(String.valueOf(record.partition())));
        headers.add("dead-letter-offset", utf8(String.valueOf(record.offset())));
        headers.add("dead-letter-reason", utf8(String.valueOf(exception.getMessage())));
        headers.add("dead-letter-cause", utf8(exception.getClass().getName()));
        try {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, null, record.key(), record.value(), headers))
                    .get(30, TimeUnit.SECONDS);
            LOG.warnf("undecodable record %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(),
                    Topics.DEAD_LETTER, exception.getMessage());
            return DeserializationHandlerResponse.CONTINUE;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.errorf(e, "could not dead-letter %s-%d@%d; stopping rather than losing it", record.topic(),
                    record.partition(), record.offset());
            return DeserializationHandlerResponse.FAIL;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** For tests and shutdown hooks; Streams never closes handlers itself. */
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
