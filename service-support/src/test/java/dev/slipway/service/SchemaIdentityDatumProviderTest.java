package dev.slipway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import dev.slipway.events.RunFeedback;

/**
 * {@link SchemaIdentityDatumProvider}: the same reader and writer as Apicurio's default provider, found by schema
 * identity instead of a fingerprint per record.
 */
class SchemaIdentityDatumProviderTest {

    private static final RunFeedback FEEDBACK = RunFeedback.newBuilder()
            .setFeedbackId("fb-1").setRunId("run-1").setDeployment("support-triage/prod")
            .setSuccess(true).setHumanIntervention(false).setSource("helpdesk")
            .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();

    private static SchemaIdentityDatumProvider<Object> specificProvider() {
        SchemaIdentityDatumProvider<Object> provider = new SchemaIdentityDatumProvider<>();
        provider.setUseSpecificAvroReader(true);
        return provider;
    }

    @Test
    void the_same_schema_instance_gets_the_same_reader_and_writer() {
        SchemaIdentityDatumProvider<Object> provider = specificProvider();
        Schema schema = RunFeedback.getClassSchema();

        assertThat(provider.createDatumReader(schema)).isSameAs(provider.createDatumReader(schema));
        assertThat(provider.createDatumWriter(FEEDBACK, schema)).isSameAs(provider.createDatumWriter(FEEDBACK, schema));
    }

    @Test
    void records_round_trip_as_the_specific_class() throws IOException {
        SchemaIdentityDatumProvider<Object> provider = specificProvider();
        Schema schema = RunFeedback.getClassSchema();

        byte[] bytes = write(provider.createDatumWriter(FEEDBACK, schema), FEEDBACK);
        Object read = read(provider.createDatumReader(schema), bytes);

        assertThat(read).isInstanceOf(RunFeedback.class).isEqualTo(FEEDBACK);
    }

    @Test
    void an_equal_schema_parsed_again_reads_the_same_records() throws IOException {
        SchemaIdentityDatumProvider<Object> provider = specificProvider();
        Schema original = RunFeedback.getClassSchema();
        Schema parsedAgain = new Schema.Parser().parse(original.toString());
        byte[] bytes = write(provider.createDatumWriter(FEEDBACK, original), FEEDBACK);

        DatumReader<Object> reader = provider.createDatumReader(parsedAgain);

        assertThat(read(reader, bytes)).isEqualTo(FEEDBACK);
    }

    @Test
    void generic_and_specific_writers_of_one_schema_are_kept_apart_and_write_the_same_bytes() throws IOException {
        SchemaIdentityDatumProvider<Object> provider = specificProvider();
        Schema schema = RunFeedback.getClassSchema();
        GenericRecord generic = (GenericRecord) GenericData.get().deepCopy(schema, FEEDBACK);
        // The generic copy holds the logical timestamp as an Instant, which GenericData writes as its long form.
        generic.put("occurredAt", FEEDBACK.getOccurredAt().toEpochMilli());

        DatumWriter<Object> specificWriter = provider.createDatumWriter(FEEDBACK, schema);
        DatumWriter<Object> genericWriter = provider.createDatumWriter(generic, schema);

        assertThat(genericWriter).isNotSameAs(specificWriter);
        assertThat(write(genericWriter, generic)).isEqualTo(write(specificWriter, FEEDBACK));
    }

    @Test
    void beyond_its_capacity_it_still_answers_through_the_default_provider() throws IOException {
        SchemaIdentityDatumProvider<Object> provider = specificProvider();
        byte[] bytes = write(provider.createDatumWriter(FEEDBACK, RunFeedback.getClassSchema()), FEEDBACK);

        for (int i = 0; i < 100; i++) {
            Schema copy = new Schema.Parser().parse(RunFeedback.getClassSchema().toString());
            assertThat(read(provider.createDatumReader(copy), bytes)).isEqualTo(FEEDBACK);
        }
    }

    private static byte[] write(DatumWriter<Object> writer, Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Object read(DatumReader<Object> reader, byte[] bytes) throws IOException {
        return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
