package dev.slipway.service;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/** Tells a record the deserializer could not decode (null payload plus failure headers) from a tombstone. */
public final class UndecodableRecords {

    private UndecodableRecords() {
    }

    public static boolean isUndecodable(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON) != null)
                .orElse(false);
    }
}
