package dev.slipway.service.intake;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a consumer puts a record that breaks its topic's contract. Each bad record is kept once per consumer: a
 * consumer that reads it again (a restart, a re-read of a compacted topic, a task replayed after a crash) is told it
 * is already there.
 */
public interface DeadLetterSink {

    /**
     * Makes {@code consumer} known, so its count shows (zero or what earlier runs dead-lettered) before any record.
     *
     * @throws DeadLetterUnavailableException when what this consumer dead-lettered before cannot be read
     */
    void register(String consumer);

    /**
     * Keeps {@code record} on the dead-letter topic with its origin and {@code reason}, unless {@code consumer}
     * dead-lettered it before.
     *
     * @return true when written now, false when it was there already
     * @throws DeadLetterUnavailableException when it could not be written: the caller must not move past the record
     */
    boolean deadLetter(String consumer, ConsumerRecord<byte[], byte[]> record, String reason);

    /** Records dead-lettered so far by each registered consumer, over all its runs. */
    Map<String, Long> counts();
}
