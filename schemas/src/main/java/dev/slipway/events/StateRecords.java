package dev.slipway.events;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;

/**
 * Records the services keep in Kafka Streams state stores (changelogged, restored after an upgrade by a newer release):
 * they evolve like topic values — new fields with defaults — and their earlier versions are recorded in
 * {@code schemas/history} beside the topics', so a restarted service reads the state an earlier release wrote.
 */
public final class StateRecords {

    /** canary-service's per-deployment rollout state (store {@code rollout-state}). */
    public static final List<Class<? extends SpecificRecord>> ALL = List.of(RolloutProgress.class);

    private StateRecords() {
    }
}
