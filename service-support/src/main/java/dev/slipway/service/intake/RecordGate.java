package dev.slipway.service.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import com.microsoft.kiota.ApiException;

import dev.slipway.events.Topic;

/**
 * Turns one raw record of a topic into what its contract says it is: a value under the key it names, a tombstone,
 * or a bad record with the reason. Every Slipway consumer reads bytes and passes them through a gate, so a record
 * that is not Avro, has a wrong magic byte, is truncated, names an unknown schema id or a schema the reader cannot
 * resolve, carries another event type, or sits under another key than its value names, is refused the same way
 * everywhere. A registry that does not answer is not the record's fault: that is a
 * {@link RegistryUnavailableException}, to be retried.
 */
public final class RecordGate<V extends SpecificRecord> {

    private final Topic<V> topic;
    private final Deserializer<V> values;

    public RecordGate(Topic<V> topic, Deserializer<V> values) {
        this.topic = topic;
        this.values = values;
    }

    public Topic<V> topic() {
        return topic;
    }

    /**
     * @throws RegistryUnavailableException when the value could not be decoded because the registry did not answer
     */
    public Admission<V> admit(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return new Admission.Rejected<>("no key: " + topic.name() + " is keyed by " + topic.keyDescription());
        }
        String key;
        try {
            key = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(record.key()))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Admission.Rejected<>("key is not UTF-8 text (" + record.key().length + " bytes)");
        }
        if (record.value() == null) {
            return switch (topic.nullValue()) {
                case TOMBSTONE -> new Admission.Tombstone<>(key);
                case INVALID -> new Admission.Rejected<>("null value under key '" + key + "': " + topic.name()
                        + " is not compacted and takes no tombstones");
            };
        }
        Object decoded;
        try {
            decoded = values.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            if (registryDidNotAnswer(e)) {
                throw new RegistryUnavailableException("could not decode " + record.topic() + "-" + record.partition()
                        + "@" + record.offset() + ": the schema registry did not answer (" + rootMessage(e) + ")", e);
            }
            return new Admission.Rejected<>("undecodable value (" + record.value().length + " bytes): " + rootMessage(e));
        }
        if (decoded == null) {
            return new Admission.Rejected<>("undecodable value (" + record.value().length + " bytes): decoded to nothing");
        }
        if (!topic.valueType().isInstance(decoded)) {
            return new Admission.Rejected<>("value is a " + decoded.getClass().getSimpleName() + " but " + topic.name()
                    + " carries " + topic.valueType().getSimpleName());
        }
        V value = topic.valueType().cast(decoded);
        String expected;
        try {
            expected = topic.expectedKey(value);
        } catch (RuntimeException e) {
            return new Admission.Rejected<>("value names no " + topic.keyDescription() + ": " + rootMessage(e));
        }
        if (!key.equals(expected)) {
            return new Admission.Rejected<>("key '" + key + "' but the value's " + topic.keyDescription() + " is '"
                    + expected + "'");
        }
        return new Admission.Accepted<>(key, value);
    }

    /**
     * Connection refused or reset, unknown host, time-outs and 5xx / 429 / 408 answers. Not any IOException: Avro
     * reports a truncated value as an {@code EOFException}, which is the record's fault like a 404 (unknown schema id).
     */
    static boolean registryDidNotAnswer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException api) {
                int status = api.getResponseStatusCode();
                return status >= 500 || status == 429 || status == 408;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getName().equals("io.vertx.core.http.HttpClosedException")) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == e ? String.valueOf(e.getMessage())
                : e.getMessage() + (root.getMessage() != null && !String.valueOf(e.getMessage()).contains(root.getMessage())
                        ? " — " + root.getMessage() : "");
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }
}
