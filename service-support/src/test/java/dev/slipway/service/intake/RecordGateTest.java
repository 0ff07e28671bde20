package dev.slipway.service.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

import com.microsoft.kiota.ApiException;

import dev.slipway.events.ReleaseLabelBound;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.Topics;

/** One test per outcome of the gate every consumer reads through. */
class RecordGateTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Route ROUTE = Route.newBuilder().setDeployment("triage/prod").setStable("sha256:" + "a".repeat(64))
            .setEpoch(1).setState(RouteState.STABLE).setUpdatedAt(T0).build();
    private static final byte[] SOME_BYTES = {0, 0, 0, 0, 1, 2, 3};

    @Test
    void a_well_formed_value_under_the_key_it_names_is_accepted() {
        Admission<Route> admission = gate(ROUTE).admit(record("triage/prod", SOME_BYTES));
        assertThat(admission).isEqualTo(new Admission.Accepted<>("triage/prod", ROUTE));
    }

    @Test
    void a_null_value_on_a_compacted_topic_is_a_tombstone() {
        assertThat(gate(ROUTE).admit(record("triage/prod", null))).isEqualTo(new Admission.Tombstone<>("triage/prod"));
    }

    @Test
    void a_null_value_on_a_topic_that_is_not_compacted_is_refused() {
        RecordGate<RunFeedback> gate = new RecordGate<>(Topics.RUN_FEEDBACK, (topic, data) -> {
            throw new AssertionError("nothing to decode");
        });
        assertThat(rejection(gate.admit(record(Topics.RUN_FEEDBACK.name(), "triage/prod", null))))
                .contains("null value").contains("takes no tombstones");
    }

    @Test
    void a_record_without_a_key_is_refused() {
        assertThat(rejection(gate(ROUTE).admit(raw(Topics.ROUTES.name(), null, SOME_BYTES)))).contains("no key");
    }

    @Test
    void a_key_that_is_not_utf8_is_refused() {
        byte[] key = {(byte) 0xff, (byte) 0xfe};
        assertThat(rejection(gate(ROUTE).admit(raw(Topics.ROUTES.name(), key, SOME_BYTES)))).contains("not UTF-8");
    }

    @Test
    void a_key_other_than_the_one_the_value_names_is_refused() {
        assertThat(rejection(gate(ROUTE).admit(record("billing/prod", SOME_BYTES))))
                .isEqualTo("key 'billing/prod' but the value's deployment is 'triage/prod'");
    }

    @Test
    void a_value_the_deserializer_cannot_decode_is_refused_with_its_error() {
        RecordGate<Route> gate = new RecordGate<>(Topics.ROUTES, failing(new AvroRuntimeException("Malformed data")));
        assertThat(rejection(gate.admit(record("triage/prod", SOME_BYTES)))).contains("undecodable value (7 bytes)")
                .contains("Malformed data");
    }

    @Test
    void a_truncated_value_is_refused_not_mistaken_for_an_unreachable_registry() {
        RecordGate<Route> gate = new RecordGate<>(Topics.ROUTES,
                failing(new IllegalStateException("decode", new EOFException())));
        assertThat(gate.admit(record("triage/prod", SOME_BYTES))).isInstanceOf(Admission.Rejected.class);
    }

    @Test
    void an_unknown_schema_id_is_refused() {
        RecordGate<Route> gate = new RecordGate<>(Topics.ROUTES, failing(apiError(404)));
        assertThat(gate.admit(record("triage/prod", SOME_BYTES))).isInstanceOf(Admission.Rejected.class);
    }

    @Test
    void a_registry_that_refuses_connections_is_retried_not_blamed_on_the_record() {
        RecordGate<Route> gate = new RecordGate<>(Topics.ROUTES,
                failing(new IllegalStateException("fetch schema", new ConnectException("Connection refused"))));
        assertThatThrownBy(() -> gate.admit(record("triage/prod", SOME_BYTES)))
                .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("did not answer");
    }

    @Test
    void a_registry_answering_5xx_is_retried_not_blamed_on_the_record() {
        RecordGate<Route> gate = new RecordGate<>(Topics.ROUTES, failing(apiError(503)));
        assertThatThrownBy(() -> gate.admit(record("triage/prod", SOME_BYTES)))
                .isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void a_value_of_another_event_type_is_refused() {
        ReleaseLabelBound label = ReleaseLabelBound.newBuilder().setAgent("triage").setLabel("v1")
                .setDigest("sha256:" + "a".repeat(64)).setBoundBy("x").setBoundAt(T0).build();
        assertThat(rejection(gate(label).admit(record("triage/prod", SOME_BYTES))))
                .isEqualTo("value is a ReleaseLabelBound but slipway.routes carries Route");
    }

    @Test
    void a_value_that_decodes_to_nothing_is_refused() {
        assertThat(rejection(gate(null).admit(record("triage/prod", SOME_BYTES)))).contains("decoded to nothing");
    }

    // --- helpers ---

    private static RecordGate<Route> gate(SpecificRecord decoded) {
        // As a registry deserializer does: it returns whatever type the writer's schema names.
        Deserializer<SpecificRecord> anyType = (topic, data) -> decoded;
        @SuppressWarnings({"unchecked", "rawtypes"})
        Deserializer<Route> values = (Deserializer) anyType;
        return new RecordGate<>(Topics.ROUTES, values);
    }

    private static <V> Deserializer<V> failing(RuntimeException e) {
        return (topic, data) -> {
            throw e;
        };
    }

    private static ApiException apiError(int status) {
        return new ApiException("registry answered " + status) {
            {
                setResponseStatusCode(status);
            }
        };
    }

    private static String rejection(Admission<?> admission) {
        assertThat(admission).isInstanceOf(Admission.Rejected.class);
        return ((Admission.Rejected<?>) admission).reason();
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return record(Topics.ROUTES.name(), key, value);
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return raw(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static ConsumerRecord<byte[], byte[]> raw(String topic, byte[] key, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 42L, key, value);
    }
}
