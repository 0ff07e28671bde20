package dev.slipway.examples.triage;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.slipway.agent.AgentRuntime;
import dev.slipway.agent.BuilderReleaseFetcher;
import dev.slipway.agent.PinnedRelease;
import dev.slipway.agent.ReleaseRefusedException;
import dev.slipway.agent.TaskCeilings;
import dev.slipway.agent.kafka.KafkaHeartbeats;
import dev.slipway.agent.langchain4j.EndpointChatModels;
import dev.slipway.agent.kafka.KafkaRunReporter;
import dev.slipway.agent.model.ModelEndpoint;
import dev.slipway.agent.model.ModelFailover;

/**
 * A whole worker wired from its settings: the verified release, the failover over the configured providers, the run
 * reporter and heartbeats on Kafka, and the HTTP side. Used by {@link WorkerMain} and by tests that run workers in
 * their own JVM.
 */
public final class RunningWorker implements AutoCloseable {

    /**
     * What a worker needs to start. Providers are {@code provider/region=url[#model@snapshot]}, in priority order;
     * {@code builderToken} is a file holding a bearer token with the viewer role, for fetching the release.
     */
    public record Settings(String digest, String deployment, URI builder, java.util.Optional<java.nio.file.Path> builderToken,
            Set<String> trustedKeyIds, List<String> providers,
            String kafka, String registry, int port, int capacity, TaskCeilings ceilings, Duration heartbeat) {
    }

    private final String workerId;
    private final TriageWorker worker;
    private final KafkaRunReporter reporter;
    private final KafkaHeartbeats beats;

    private RunningWorker(String workerId, TriageWorker worker, KafkaRunReporter reporter, KafkaHeartbeats beats) {
        this.workerId = workerId;
        this.worker = worker;
        this.reporter = reporter;
        this.beats = beats;
    }

    /**
     * @throws ReleaseRefusedException when the release does not verify, or a provider is not priced by it
     */
    public static RunningWorker start(Settings s) throws java.io.IOException {
        PinnedRelease release = PinnedRelease.fetch(s.digest(), new BuilderReleaseFetcher(s.builder(), Duration.ofSeconds(10),
                s.builderToken()),
                s.trustedKeyIds());
        List<ModelEndpoint> endpoints = s.providers().stream().map(p -> ModelEndpoint.parse(p, release.model())).toList();
        ModelFailover failover = new ModelFailover(release.model(), endpoints,
                new ModelFailover.BreakerSettings(5, 3, 50f, Duration.ofSeconds(10)));
        // The simulated providers need no key; a real deployment reads each endpoint's from its secrets.
        EndpointChatModels models = EndpointChatModels.openAi(release, Duration.ofSeconds(2), e -> "local");
        String workerId = release.agent() + "-" + s.digest().substring(7, 15) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        KafkaRunReporter reporter = new KafkaRunReporter(s.kafka(), s.registry(), workerId, 10_000, Duration.ofMinutes(5));
        try {
            AgentRuntime runtime = new AgentRuntime(release, failover, s.ceilings(), reporter, workerId, Clock.systemUTC());
            TriageWorker worker = new TriageWorker(runtime, models, s.deployment(), s.port(), s.capacity());
            KafkaHeartbeats beats = new KafkaHeartbeats(s.kafka(), s.registry(), new KafkaHeartbeats.Worker(workerId,
                    s.deployment(), s.digest(), worker.url().toString(), "local", s.capacity()), worker::inFlight,
                    s.heartbeat(), Clock.systemUTC());
            return new RunningWorker(workerId, worker, reporter, beats);
        } catch (RuntimeException | java.io.IOException e) {
            reporter.close(Duration.ofSeconds(1));
            throw e;
        }
    }

    public String workerId() {
        return workerId;
    }

    public URI url() {
        return worker.url();
    }

    /** Run reports that could not be delivered. */
    public long lostReports() {
        return reporter.lost();
    }

    /** Deregisters (a tombstone on slipway.workers), stops taking tasks and delivers pending run reports. */
    @Override
    public void close() {
        beats.close();
        worker.close();
        reporter.close(Duration.ofSeconds(5));
    }
}
