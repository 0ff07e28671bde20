package dev.slipway.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.slipway.events.ReleaseLabelBound;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.Topic;
import dev.slipway.service.RegistrySerdes;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;

/**
 * Every kind of bad record a Slipway consumer must survive, for one topic, as a non-Java client or a buggy producer
 * would write them: raw bytes through a byte-array producer.
 */
public final class PoisonRecords {

    /** The kinds of bad record. */
    public enum Kind {
        NOT_AVRO, WRONG_MAGIC_BYTE, TRUNCATED, UNKNOWN_SCHEMA_ID, INCOMPATIBLE_SCHEMA, OTHER_EVENT_TYPE,
        KEY_NOT_THE_VALUES, KEY_NOT_UTF8, NO_KEY, NULL_VALUE
    }

    /** One bad record: what is wrong with it, its key and value bytes. */
    public record Poison(Kind kind, byte[] key, byte[] value) {
    }

    /** Where a written record landed. */
    public record Written(Kind kind, String topic, int partition, long offset) {
    }

    private PoisonRecords() {
    }

    /**
     * The bad records for {@code topic}, built around {@code good} (a well-formed value of the topic): every kind,
     * except on a compacted topic a null value (a tombstone there, not a bad record) and a missing key (the broker
     * refuses it).
     */
    public static <V extends SpecificRecord> List<Poison> forTopic(Topic<V> topic, V good, String registryUrl) {
        byte[] goodBytes = encode(topic.name(), good, registryUrl);
        byte[] key = utf8(topic.expectedKey(good));
        List<Poison> poisons = new ArrayList<>();
        poisons.add(new Poison(Kind.NOT_AVRO, key, utf8("{\"deployment\":\"not avro at all\"}")));
        byte[] wrongMagic = goodBytes.clone();
        wrongMagic[0] = 7;
        poisons.add(new Poison(Kind.WRONG_MAGIC_BYTE, key, wrongMagic));
        poisons.add(new Poison(Kind.TRUNCATED, key, Arrays.copyOf(goodBytes, Math.max(6, goodBytes.length / 2))));
        byte[] unknownId = goodBytes.clone();
        ByteBuffer.wrap(unknownId).put(0, (byte) 0).putInt(1, 987_654_321);
        poisons.add(new Poison(Kind.UNKNOWN_SCHEMA_ID, key, unknownId));
        poisons.add(new Poison(Kind.INCOMPATIBLE_SCHEMA, key, incompatible(topic, registryUrl)));
        poisons.add(new Poison(Kind.OTHER_EVENT_TYPE, key, encode(topic.name(), otherEvent(topic), registryUrl)));
        poisons.add(new Poison(Kind.KEY_NOT_THE_VALUES, utf8("not-" + topic.expectedKey(good)), goodBytes));
        poisons.add(new Poison(Kind.KEY_NOT_UTF8, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3}, goodBytes));
        if (!topic.compacted()) {
            // A compacted topic's broker refuses a record without a key itself; elsewhere it is ours to refuse.
            poisons.add(new Poison(Kind.NO_KEY, null, goodBytes));
            poisons.add(new Poison(Kind.NULL_VALUE, key, null));
        }
        return poisons;
    }

    /** Writes {@code poisons} to {@code topic} in order, waiting for each acknowledgement. */
    public static List<Written> write(String bootstrap, String topic, List<Poison> poisons) {
        try (KafkaProducer<byte[], byte[]> producer = rawProducer(bootstrap)) {
            List<Written> written = new ArrayList<>();
            for (Poison poison : poisons) {
                // One partition for all of them, so they sit in order before the good record that follows.
                RecordMetadata m = producer.send(new ProducerRecord<>(topic, 0, poison.key(), poison.value()))
                        .get(30, TimeUnit.SECONDS);
                written.add(new Written(poison.kind(), m.topic(), m.partition(), m.offset()));
            }
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not write poison to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Writes one record of raw bytes (a tombstone when {@code value} is null) to partition 0 of {@code topic}. */
    public static Written writeRaw(String bootstrap, String topic, byte[] key, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer = rawProducer(bootstrap)) {
            RecordMetadata m = producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
            return new Written(null, m.topic(), m.partition(), m.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not write to " + topic + ": " + e.getMessage(), e);
        }
    }

    private static KafkaProducer<byte[], byte[]> rawProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** The registry's wire format of {@code value}, as Slipway's producers write it to {@code topic}. */
    public static byte[] encode(String topic, Object value, String registryUrl) {
        try (AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(RegistrySerdes.clientConfig(registryUrl), false);
            return serializer.serialize(topic, value);
        }
    }

    /**
     * A record named like the topic's value type whose schema the reader cannot resolve (a field of another type, the
     * required fields missing), registered under an artifact of its own so the topic's artifact stays clean.
     */
    private static byte[] incompatible(Topic<?> topic, String registryUrl) {
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + topic.valueType().getSimpleName()
                + "\",\"namespace\":\"" + topic.valueType().getPackageName()
                + "\",\"fields\":[{\"name\":\"poison\",\"type\":\"int\"}]}");
        GenericRecord record = new GenericData.Record(schema);
        record.put("poison", 42);
        return encode("poison-incompatible-" + topic.name(), record, registryUrl);
    }

    /** A well-formed event that belongs on another topic. */
    private static SpecificRecord otherEvent(Topic<?> topic) {
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        if (topic.valueType() == ReleaseLabelBound.class) {
            return RunFeedback.newBuilder().setFeedbackId("poison").setRunId("run-poison").setDeployment("poison/prod")
                    .setSuccess(true).setHumanIntervention(false).setSource("poison").setOccurredAt(t0).build();
        }
        return ReleaseLabelBound.newBuilder().setAgent("poison").setLabel("v1").setDigest("sha256:" + "0".repeat(64))
                .setBoundBy("poison").setBoundAt(t0).build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
