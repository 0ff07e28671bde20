package dev.slipway.testkit;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.slipway.service.intake.DeadLetterSink;

/**
 * A dead-letter sink in memory, for topology tests: keeps what it is given, once per consumer, source partition and
 * offset (as the Kafka one does), so a test can assert which records were refused and why.
 */
public final class RecordingDeadLetters implements DeadLetterSink {

    /** One dead-lettered record: who refused it, where it came from, why, and its bytes. */
    public record DeadLetter(String consumer, String topic, int partition, long offset, String reason, byte[] key,
            byte[] value) {
    }

    private final List<DeadLetter> letters = new CopyOnWriteArrayList<>();
    private final Map<String, Long> counts = new TreeMap<>();

    @Override
    public synchronized void register(String consumer) {
        counts.putIfAbsent(consumer, 0L);
    }

    @Override
    public synchronized boolean deadLetter(String consumer, ConsumerRecord<byte[], byte[]> record, String reason) {
        boolean seen = letters.stream().anyMatch(l -> l.consumer().equals(consumer) && l.topic().equals(record.topic())
                && l.partition() == record.partition() && l.offset() == record.offset());
        if (seen) {
            return false;
        }
        letters.add(new DeadLetter(consumer, record.topic(), record.partition(), record.offset(), reason, record.key(),
                record.value()));
        counts.merge(consumer, 1L, Long::sum);
        return true;
    }

    @Override
    public synchronized Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    public List<DeadLetter> letters() {
        return List.copyOf(letters);
    }
}
