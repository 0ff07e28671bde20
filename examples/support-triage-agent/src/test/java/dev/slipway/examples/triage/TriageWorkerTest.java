package dev.slipway.examples.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.agent.AgentRuntime;
import dev.slipway.agent.PinnedRelease;
import dev.slipway.agent.ReleaseFetcher;
import dev.slipway.agent.RunRecord;
import dev.slipway.agent.RunReporter;
import dev.slipway.agent.TaskCeilings;
import dev.slipway.agent.model.ModelEndpoint;
import dev.slipway.agent.model.ModelFailover;
import dev.slipway.agent.langchain4j.EndpointChatModels;
import dev.slipway.examples.sim.SimProvider;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.release.ReleaseSource;

/** The sample worker over HTTP, on the SDK, against a simulated provider: what a router's task gets back. */
class TriageWorkerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    SimProvider provider;
    RunReporter.InMemory reported = new RunReporter.InMemory();
    TriageWorker worker;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        provider = SimProvider.start("anthropic", "claude-sonnet-4", Map.of("2025-05-14", 0.0), 7, Duration.ZERO,
                Duration.ofSeconds(5), 0);
        Release release = ReleaseLoader.load(ReleaseSource.directory(Path.of("..", "support-triage"))).release();
        ReleaseSigner builder = ReleaseSigner.generate();
        ReleaseFetcher fetcher = d -> new ReleaseFetcher.Fetched(release.toCanonicalJson(), builder.sign(release.digest()));
        PinnedRelease pinned = PinnedRelease.fetch(release.digest(), fetcher, java.util.Set.of(builder.keyId()));
        ModelFailover failover = new ModelFailover(pinned.model(), List.of(new ModelEndpoint("anthropic", "local",
                provider.url(), "claude-sonnet-4", "2025-05-14")), ModelFailover.BreakerSettings.DEFAULT);
        AgentRuntime runtime = new AgentRuntime(pinned, failover, new TaskCeilings(6, 3, 60_000, 0.25), reported, "w-test",
                Clock.systemUTC());
        worker = new TriageWorker(runtime, EndpointChatModels.openAi(pinned, Duration.ofSeconds(2), e -> "local"), "support-triage/prod", 0, 2);
    }

    @AfterEach
    void stop() {
        worker.close();
        provider.close();
    }

    HttpResponse<String> post(String taskKey, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(worker.url() + "/tasks"))
                .header("Content-Type", "application/json").header("Slipway-Arm", "CANARY").header("Slipway-Epoch", "4")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (taskKey != null) {
            r.header("Slipway-Task-Key", taskKey);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTicketIsTriagedAndItsRunReportedPendingFeedback() throws Exception {
        HttpResponse<String> answer = post("ticket-1", "{\"subject\":\"Charged twice for May\",\"body\":\"please refund\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("category").asText()).isEqualTo("billing");
        assertThat(body.path("priority").asText()).isEqualTo("normal");
        assertThat(body.path("outcome").asText()).isEqualTo("ANSWERED");
        assertThat(reported.runs()).singleElement().satisfies(run -> {
            assertThat(run.runId()).isEqualTo(body.path("runId").asText());
            assertThat(run.outcome()).isEqualTo(RunRecord.Outcome.PENDING);
            assertThat(run.arm().name()).isEqualTo("CANARY");
            assertThat(run.epoch()).isEqualTo(4);
            assertThat(run.deployment()).isEqualTo("support-triage/prod");
            assertThat(run.modelCalls()).hasSize(1);
            assertThat(run.costUsd()).isPositive();
            assertThat(answer.headers().firstValue("Slipway-Cost-Usd")).as("the cost the router settles the budget with")
                    .hasValue(Double.toString(run.costUsd()));
        });
    }

    @Test
    void aTicketThatMakesTheModelLoopIsStoppedByItsCeiling() throws Exception {
        HttpResponse<String> answer = post("ticket-2", "{\"subject\":\"Please keep searching\",\"body\":\"until you find it\"}");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("outcome").asText()).isEqualTo("STOPPED");
        assertThat(body.path("ceiling").asText()).isEqualTo("TOOL_CALLS");
        assertThat(reported.runs()).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(RunRecord.Outcome.FAILED);
            assertThat(run.stoppedBy()).isEqualTo(TaskCeilings.Ceiling.TOOL_CALLS);
            assertThat(run.toolCalls()).hasSize(4);
            assertThat(run.retrievalDocs()).isNotEmpty();
        });
    }

    @Test
    void noProviderAnsweringIs503AndTheRunIsAnError() throws Exception {
        provider.fault(SimProvider.Fault.OUTAGE);
        HttpResponse<String> answer = post("ticket-3", "{\"subject\":\"Charged twice\"}");
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(reported.runs()).singleElement().satisfies(run -> assertThat(run.outcome()).isEqualTo(RunRecord.Outcome.ERROR));
    }

    @Test
    void aTaskWithoutKeyOrWithABodyThatIsNotJsonIsRefused() throws Exception {
        assertThat(post(null, "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> notJson = post("k", "subject: hello");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).at("/violations/0/field").asText()).isEqualTo("body");
        assertThat(reported.runs()).as("no task ran").isEmpty();
    }
}
