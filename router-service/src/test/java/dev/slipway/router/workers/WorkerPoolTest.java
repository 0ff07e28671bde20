package dev.slipway.router.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Which warm worker gets a task: one test per outcome. */
class WorkerPoolTest {

    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final String V1 = "sha256:" + "1".repeat(64);
    static final String V2 = "sha256:" + "2".repeat(64);

    final WorkerPool pool = new WorkerPool(Duration.ofSeconds(15));

    static WorkerPool.Worker worker(String id, String digest, Instant beat) {
        return new WorkerPool.Worker(id, "support-triage/prod", digest, URI.create("http://127.0.0.1:1/" + id), "local", 4, beat);
    }

    @Test
    void aWorkerOfTheDigestIsPicked() {
        pool.beat(worker("w1", V1, T0));
        pool.beat(worker("w2", V2, T0));
        assertThat(pool.pick(V2, T0.plusSeconds(1))).map(WorkerPool.Worker::workerId).contains("w2");
    }

    @Test
    void noWorkerOfTheDigestIsEmpty() {
        pool.beat(worker("w1", V1, T0));
        assertThat(pool.pick(V2, T0)).isEmpty();
    }

    @Test
    void aWorkerWhoseHeartbeatExpiredIsNotPicked() {
        pool.beat(worker("w1", V1, T0));
        assertThat(pool.pick(V1, T0.plusSeconds(15))).isPresent();
        assertThat(pool.pick(V1, T0.plusSeconds(16))).isEmpty();
    }

    @Test
    void theLeastBusyWorkerIsPickedAndDoneFreesIt() {
        pool.beat(worker("w1", V1, T0));
        pool.beat(worker("w2", V1, T0));
        WorkerPool.Worker first = pool.pick(V1, T0).orElseThrow();
        WorkerPool.Worker second = pool.pick(V1, T0).orElseThrow();
        assertThat(first.workerId()).isEqualTo("w1");
        assertThat(second.workerId()).isEqualTo("w2");
        pool.done(first);
        assertThat(pool.pick(V1, T0)).map(WorkerPool.Worker::workerId).contains("w1");
    }

    @Test
    void anUnreachableWorkerIsSetAsideUntilItBeatsAgain() {
        pool.beat(worker("w1", V1, T0));
        pool.unreachable("w1", T0.plusSeconds(1));
        assertThat(pool.pick(V1, T0.plusSeconds(2))).isEmpty();
        pool.beat(worker("w1", V1, T0.plusMillis(500)));
        assertThat(pool.pick(V1, T0.plusSeconds(2))).as("a beat from before the failure does not count").isEmpty();
        pool.beat(worker("w1", V1, T0.plusSeconds(3)));
        assertThat(pool.pick(V1, T0.plusSeconds(3))).isPresent();
    }

    @Test
    void aDeregisteredWorkerIsGone() {
        pool.beat(worker("w1", V1, T0));
        pool.gone("w1");
        assertThat(pool.pick(V1, T0)).isEmpty();
        assertThat(pool.all()).isEmpty();
    }

    @Test
    void anOlderHeartbeatArrivingLateDoesNotRewindTheWorker() {
        pool.beat(worker("w1", V1, T0.plusSeconds(10)));
        pool.beat(worker("w1", V1, T0));
        assertThat(pool.pick(V1, T0.plusSeconds(20))).as("still warm from the newer beat").isPresent();
    }
}
