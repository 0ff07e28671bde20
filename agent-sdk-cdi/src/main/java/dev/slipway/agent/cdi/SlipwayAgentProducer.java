package dev.slipway.agent.cdi;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.agent.AgentRuntime;
import dev.slipway.agent.BuilderReleaseFetcher;
import dev.slipway.agent.PinnedRelease;
import dev.slipway.agent.TaskCeilings;
import dev.slipway.agent.kafka.KafkaHeartbeats;
import dev.slipway.agent.kafka.KafkaRunReporter;
import dev.slipway.agent.model.ModelEndpoint;
import dev.slipway.agent.model.ModelFailover;
import dev.slipway.agent.model.OpenAiCompatibleClient;

/**
 * The agent SDK as CDI beans, for Quarkus apps: inject {@link AgentRuntime} (and {@link PinnedRelease}) and begin a
 * task per request. Configured under {@code slipway.agent}:
 * <pre>
 * slipway.agent.digest=sha256:…                      # the one release this app runs
 * slipway.agent.deployment=support-triage/prod
 * slipway.agent.builder-url=http://builder:8081
 * slipway.agent.token-file=/var/run/secrets/slipway/worker.token
 * slipway.agent.trusted-keys=sha256:…                # builder key ids whose signatures are accepted
 * slipway.agent.providers=anthropic/us-east-1=https://…,bedrock/eu-west-1=https://…   # priority order
 * slipway.agent.kafka-bootstrap=…                   # default: kafka.bootstrap.servers
 * slipway.agent.registry-url=…                      # default: apicurio.registry.url
 * slipway.agent.endpoint=http://this-app:8080        # where the router sends tasks; no heartbeats without it
 * </pre>
 * and optionally {@code capacity} (4), {@code model-timeout} (2 s), {@code heartbeat} (2 s), {@code worker-id} and
 * {@code ceilings.model-calls} / {@code tool-calls} / {@code tokens} / {@code spend-usd} (6, 4, 60000, 0.25). A
 * release that does not verify fails the app's start with the reason. Pending run reports are delivered (or counted
 * lost) and the worker deregistered when the app stops.
 */
@ApplicationScoped
public class SlipwayAgentProducer {

    @ConfigProperty(name = "slipway.agent.digest")
    String digest;

    @ConfigProperty(name = "slipway.agent.deployment")
    String deployment;

    @ConfigProperty(name = "slipway.agent.builder-url")
    URI builderUrl;

    /** A file with a bearer token holding the viewer role, for fetching the release; read at every fetch. */
    @ConfigProperty(name = "slipway.agent.token-file")
    java.util.Optional<java.nio.file.Path> tokenFile;

    @ConfigProperty(name = "slipway.agent.trusted-keys")
    List<String> trustedKeys;

    @ConfigProperty(name = "slipway.agent.providers")
    List<String> providers;

    @ConfigProperty(name = "slipway.agent.kafka-bootstrap")
    Optional<String> kafkaBootstrapSetting;

    @ConfigProperty(name = "slipway.agent.registry-url")
    Optional<String> registryUrlSetting;

    @Inject
    Config config;

    @ConfigProperty(name = "slipway.agent.endpoint")
    Optional<String> endpoint;

    @ConfigProperty(name = "slipway.agent.worker-id")
    Optional<String> workerId;

    @ConfigProperty(name = "slipway.agent.capacity", defaultValue = "4")
    int capacity;

    @ConfigProperty(name = "slipway.agent.model-timeout", defaultValue = "PT2S")
    Duration modelTimeout;

    @ConfigProperty(name = "slipway.agent.heartbeat", defaultValue = "PT2S")
    Duration heartbeat;

    @ConfigProperty(name = "slipway.agent.ceilings.model-calls", defaultValue = "6")
    int maxModelCalls;

    @ConfigProperty(name = "slipway.agent.ceilings.tool-calls", defaultValue = "4")
    int maxToolCalls;

    @ConfigProperty(name = "slipway.agent.ceilings.tokens", defaultValue = "60000")
    long maxTokens;

    @ConfigProperty(name = "slipway.agent.ceilings.spend-usd", defaultValue = "0.25")
    double maxSpendUsd;

    /** The verified release: fetched once, its content re-hashed to the digest and its signature checked. */
    @Produces
    @Singleton
    PinnedRelease pinnedRelease() {
        return PinnedRelease.fetch(digest, new BuilderReleaseFetcher(builderUrl, Duration.ofSeconds(10), tokenFile),
                new HashSet<>(trustedKeys));
    }

    @Produces
    @Singleton
    KafkaRunReporter runReporter(PinnedRelease release) {
        return new KafkaRunReporter(kafkaBootstrap(), registryUrl(), id(release), 10_000, Duration.ofMinutes(5));
    }

    @Produces
    @Singleton
    AgentRuntime agentRuntime(PinnedRelease release, KafkaRunReporter reporter) {
        List<ModelEndpoint> endpoints = providers.stream().map(p -> ModelEndpoint.parse(p, release.model())).toList();
        ModelFailover failover = new ModelFailover(release.model(), endpoints, new OpenAiCompatibleClient(modelTimeout),
                ModelFailover.BreakerSettings.DEFAULT);
        return new AgentRuntime(release, failover, new TaskCeilings(maxModelCalls, maxToolCalls, maxTokens, maxSpendUsd),
                reporter, id(release), Clock.systemUTC());
    }

    /** Announces the app as a warm worker of its release while it runs, when it has a task endpoint. */
    @Produces
    @Singleton
    Heartbeats heartbeats(AgentRuntime runtime) {
        return new Heartbeats(endpoint.map(url -> new KafkaHeartbeats(kafkaBootstrap(), registryUrl(),
                new KafkaHeartbeats.Worker(runtime.workerId(), deployment, runtime.release().digest(), url, "local", capacity),
                runtime::inFlight, heartbeat, Clock.systemUTC())));
    }

    void closeHeartbeats(@Disposes Heartbeats beats) {
        beats.beats().ifPresent(KafkaHeartbeats::close);
    }

    void closeReporter(@Disposes KafkaRunReporter reporter) {
        reporter.close(Duration.ofSeconds(5));
    }

    private String resolvedId;

    /** The app's own Kafka, unless the agent is told another. */
    private String kafkaBootstrap() {
        return kafkaBootstrapSetting.orElseGet(() -> config.getValue("kafka.bootstrap.servers", String.class));
    }

    private String registryUrl() {
        return registryUrlSetting.orElseGet(() -> config.getValue("apicurio.registry.url", String.class));
    }

    private synchronized String id(PinnedRelease release) {
        if (resolvedId == null) {
            resolvedId = workerId.orElseGet(() -> release.agent() + "-" + digest.substring(7, 15) + "-"
                    + UUID.randomUUID().toString().substring(0, 6));
        }
        return resolvedId;
    }

    /** At start: the release is verified (or the app does not start) and the heartbeats begin. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started, Heartbeats beats) {
        // Injecting the heartbeats made them, and with them the runtime and the verified release.
    }

    /** The worker's heartbeats, if it announces itself (made at start-up). */
    public record Heartbeats(Optional<KafkaHeartbeats> beats) {
    }
}
