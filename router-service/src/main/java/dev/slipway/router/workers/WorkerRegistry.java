package dev.slipway.router.workers;

import java.net.URI;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.events.Topics;
import dev.slipway.events.WorkerHeartbeat;
import dev.slipway.events.WorkerState;
import dev.slipway.service.intake.Intake;
import dev.slipway.service.intake.TopicView;
import io.quarkus.runtime.Startup;

/**
 * The router's view of {@code slipway.workers} (compacted, key worker id), read from the beginning at every start by
 * the reader {@code router.workers} and kept current: each heartbeat refreshes a worker in the {@link WorkerPool},
 * a tombstone or a STOPPED / DRAINING beat takes it out.
 */
@Startup
@ApplicationScoped
public class WorkerRegistry implements TopicView<WorkerHeartbeat> {

    private final WorkerPool pool;

    public WorkerRegistry(Intake intake,
            @ConfigProperty(name = "slipway.workers.expiry", defaultValue = "PT15S") Duration expiry) {
        this.pool = new WorkerPool(expiry);
        intake.read("workers", reader -> reader.read(intake.gate(Topics.WORKERS), this));
    }

    @Override
    public void put(String workerId, WorkerHeartbeat beat) {
        if (beat.getState() == WorkerState.STOPPED || beat.getState() == WorkerState.DRAINING) {
            pool.gone(workerId);
            return;
        }
        URI endpoint;
        try {
            endpoint = URI.create(beat.getEndpoint());
        } catch (IllegalArgumentException e) {
            return; // a worker that cannot be reached is no worker; its beats are still on the topic for lineage
        }
        pool.beat(new WorkerPool.Worker(workerId, beat.getDeployment(), beat.getDigest(), endpoint, beat.getRegion(),
                beat.getCapacity(), beat.getSentAt()));
    }

    @Override
    public void delete(String workerId) {
        pool.gone(workerId);
    }

    public WorkerPool pool() {
        return pool;
    }
}
