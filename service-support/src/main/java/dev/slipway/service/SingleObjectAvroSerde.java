package dev.slipway.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.slipway.events.RecordedSchemas;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * Avro single-object encoding (a 10-byte header with the schema's fingerprint, then the binary record) for a
 * service's internal state stores and their changelogs, which no other application reads. Unlike the registry serde
 * it needs no look-up and fingerprints the schema once, not per record. Every version of the record recorded in the
 * schemas' history ({@link RecordedSchemas}) is known to the decoder, so a store or changelog written by an earlier
 * release still restores after the schema gained a field; {@code earlierVersions} adds others (internal records).
 * <p>
 * Decoding is Avro's {@link BinaryMessageDecoder}. Encoding writes the same bytes as Avro's
 * {@link org.apache.avro.message.BinaryMessageEncoder}, but through a buffered encoder into a per-thread,
 * unsynchronised buffer: that encoder's direct encoder writes every varint byte by byte into a synchronised
 * {@code ByteArrayOutputStream}, which made it most of the cost of a state store put (docs/benchmarks.md).
 */
public final class SingleObjectAvroSerde {

    private SingleObjectAvroSerde() {
    }

    public static <T extends SpecificRecord> Serde<T> of(Class<T> type, Schema... earlierVersions) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(model, schema);
        for (Schema recorded : RecordedSchemas.earlierThan(schema)) {
            decoder.addSchema(recorded);
        }
        for (Schema earlier : earlierVersions) {
            decoder.addSchema(earlier);
        }
        // Generated classes whose schema has no logical types carry their own encoder (customEncode: fields written
        // in order, no reflection, no boxing); Avro uses it only when the model says so, and its default model does
        // not. The bytes are the same binary encoding (SingleObjectAvroSerdeTest compares them).
        SpecificData encoding = new SpecificData(type.getClassLoader());
        encoding.setCustomCoders(true);
        DatumWriter<T> writer = new SpecificDatumWriter<>(schema, encoding);
        byte[] header = header(schema);
        ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            Output output = outputs.get();
            try {
                output.buffer.position(0);
                output.buffer.write(header);
                output.encoder = EncoderFactory.get().binaryEncoder(output.buffer, output.encoder);
                writer.write(value, output.encoder);
                output.encoder.flush();
                return output.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder.decode(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** The single-object header: marker C3 01, then the schema's CRC-64-AVRO fingerprint, little-endian. */
    private static byte[] header(Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        ByteBuffer header = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint);
        return header.array();
    }

    /** One thread's encoding buffer (Kafka's unsynchronised growable stream), reused from record to record. */
    private static final class Output {
        final ByteBufferOutputStream buffer = new ByteBufferOutputStream(256);
        BinaryEncoder encoder;

        byte[] toByteArray() {
            return Arrays.copyOf(buffer.buffer().array(), buffer.position());
        }
    }
}
