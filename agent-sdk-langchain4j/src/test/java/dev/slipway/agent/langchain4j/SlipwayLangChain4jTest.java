package dev.slipway.agent.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.slipway.agent.AgentRuntime;
import dev.slipway.agent.CeilingExceededException;
import dev.slipway.agent.PinnedRelease;
import dev.slipway.agent.ReleaseFetcher;
import dev.slipway.agent.RunRecord;
import dev.slipway.agent.RunRecord.ToolCallRecord;
import dev.slipway.agent.RunReporter;
import dev.slipway.agent.TaskCeilings;
import dev.slipway.agent.TaskContext;
import dev.slipway.agent.TaskRun;
import dev.slipway.agent.ToolRefusedException;
import dev.slipway.agent.model.ModelEndpoint;
import dev.slipway.agent.model.ModelFailover;
import dev.slipway.agent.model.ProviderFailure;
import dev.slipway.examples.sim.SimProvider;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.release.ReleaseSource;

/** A LangChain4j AI service on Slipway, against simulated providers: what the guard, failover and ceilings do to it. */
class SlipwayLangChain4jTest {

    /** The release's triage prompt is a template of the ticket and the customer record. */
    interface Triage {
        @UserMessage("{{ticket}}")
        String triage(@V("ticket") String ticket, @V("customer") String customer);
    }

    /** The agent's tools: one the release grants, one it does not. */
    static final class KbTools {
        final List<String> searched = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();

        @Tool(name = "search_kb", value = "Search the knowledge base")
        @RequiresScopes("kb:read")
        String searchKb(@P("query") String query) {
            searched.add(query);
            return "KB-101 How to rotate API keys";
        }

        @Tool(name = "delete_account", value = "Delete the customer's account")
        @RequiresScopes("accounts:write")
        String deleteAccount(@P("account") String account) {
            deleted.add(account);
            return "deleted";
        }
    }

    static final String SNAPSHOT = "2025-05-14";

    SimProvider primary;
    SimProvider secondary;
    PinnedRelease release;
    RunReporter.InMemory reported = new RunReporter.InMemory();
    KbTools kb = new KbTools();

    @BeforeEach
    void start() throws Exception {
        primary = SimProvider.start("anthropic", "claude-sonnet-4", Map.of(SNAPSHOT, 0.0), 7, Duration.ZERO,
                Duration.ofSeconds(5), 0);
        secondary = SimProvider.start("bedrock", "claude-sonnet-4", Map.of(SNAPSHOT, 0.0), 7, Duration.ZERO,
                Duration.ofSeconds(5), 0);
        Release sample = ReleaseLoader.load(ReleaseSource.directory(Path.of("..", "examples", "support-triage"))).release();
        ReleaseSigner builder = ReleaseSigner.generate();
        ReleaseFetcher fetcher = d -> new ReleaseFetcher.Fetched(sample.toCanonicalJson(), builder.sign(sample.digest()));
        release = PinnedRelease.fetch(sample.digest(), fetcher, Set.of(builder.keyId()));
    }

    @AfterEach
    void stop() {
        primary.close();
        secondary.close();
    }

    List<ModelEndpoint> endpoints() {
        return List.of(new ModelEndpoint("anthropic", "us-east-1", primary.url(), "claude-sonnet-4", SNAPSHOT),
                new ModelEndpoint("bedrock", "eu-west-1", secondary.url(), "claude-sonnet-4", SNAPSHOT));
    }

    TaskRun task(TaskCeilings ceilings) {
        AgentRuntime runtime = new AgentRuntime(release, new ModelFailover(release.model(), endpoints(),
                ModelFailover.BreakerSettings.DEFAULT), ceilings, reported, "w-l4j", Clock.systemUTC());
        return runtime.begin(new TaskContext("support-triage/prod", TaskContext.Arm.STABLE, 1, "t-1", "{}".getBytes()));
    }

    Triage service(TaskRun task, EndpointChatModels models, GuardedTools tools) {
        return SlipwayAiServices.builder(Triage.class, task, models, tools)
                .systemMessageProvider(id -> task.release().prompt("system") + "\n\n" + task.release().prompt("triage"))
                .build();
    }

    EndpointChatModels openAi() {
        return EndpointChatModels.openAi(release, Duration.ofSeconds(2), e -> "not-needed");
    }

    static final TaskCeilings CEILINGS = new TaskCeilings(6, 3, 60_000, 0.25);

    @Test
    void anAiServiceCallsTheGrantedToolThroughTheGuardAndEveryCallIsInTheRun() {
        TaskRun task = task(CEILINGS);
        String answer = service(task, openAi(), GuardedTools.of(release, kb)).triage("How do I rotate my API key?", "tier: business");
        RunRecord run = task.finish(RunRecord.Outcome.PENDING, null);

        assertThat(answer).contains("\"category\":\"technical\"", "\"priority\":\"low\"");
        assertThat(kb.searched).hasSize(1);
        assertThat(run.toolCalls()).extracting(ToolCallRecord::tool, ToolCallRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("search_kb", ToolCallRecord.Status.OK));
        assertThat(run.modelCalls()).hasSize(2).allSatisfy(call -> {
            assertThat(call.call().provider()).isEqualTo("anthropic");
            assertThat(call.call().region()).isEqualTo("us-east-1");
            assertThat(call.call().inputTokens()).isPositive();
            assertThat(call.costUsd()).isPositive();
        });
        assertThat(run.costUsd()).isEqualTo(run.modelCalls().stream().mapToDouble(RunRecord.PricedModelCall::costUsd).sum());
        assertThat(reported.runs()).containsExactly(run);
    }

    @Test
    void aToolTheReleaseDoesNotGrantIsNeverOfferedAndRefusedWhenTheModelNamesItAnyway() {
        GuardedTools tools = GuardedTools.of(release, kb);
        assertThat(tools.offered()).containsExactly("search_kb");
        assertThat(tools.withheld()).containsExactly("delete_account");

        TaskRun task = task(CEILINGS);
        List<ChatRequest> seen = new ArrayList<>();
        EndpointChatModels rogue = endpoint -> new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                seen.add(request);
                return ChatResponse.builder().aiMessage(AiMessage.from(ToolExecutionRequest.builder().id("c1")
                        .name("delete_account").arguments("{\"account\":\"acme\"}").build()))
                        .tokenUsage(new TokenUsage(100, 10)).build();
            }
        };
        assertThatThrownBy(() -> service(task, rogue, tools).triage("close my account", "tier: business"))
                .isInstanceOf(ToolRefusedException.class).hasMessageContaining("delete_account")
                .hasMessageContaining("not in the release");
        RunRecord run = task.finish(RunRecord.Outcome.PENDING, null);

        assertThat(seen.get(0).toolSpecifications()).extracting(s -> s.name()).containsExactly("search_kb");
        assertThat(kb.deleted).isEmpty();
        assertThat(run.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.tool()).isEqualTo("delete_account");
            assertThat(call.status()).isEqualTo(ToolCallRecord.Status.DENIED);
        });
    }

    @Test
    void aCallNeedingAScopeTheReleaseDoesNotGrantIsRefusedAndNotExecuted() {
        class WritingTools {
            int calls;

            @Tool(name = "search_kb", value = "Search and annotate the knowledge base")
            @RequiresScopes({"kb:read", "kb:write"})
            String searchKb(@P("query") String query) {
                calls++;
                return "done";
            }
        }
        WritingTools writing = new WritingTools();
        TaskRun task = task(CEILINGS);

        assertThatThrownBy(() -> service(task, openAi(), GuardedTools.of(release, writing)).triage("How do I export data?", "tier: business"))
                .isInstanceOf(ToolRefusedException.class).hasMessageContaining("kb:write");
        assertThat(writing.calls).isZero();
        assertThat(task.finish(RunRecord.Outcome.PENDING, null).toolCalls()).singleElement()
                .satisfies(call -> assertThat(call.status()).isEqualTo(ToolCallRecord.Status.DENIED));
    }

    @Test
    void aModelThatKeepsCallingToolsIsStoppedByTheToolCallCeiling() {
        TaskRun task = task(new TaskCeilings(10, 2, 60_000, 0.25));

        assertThatThrownBy(() -> service(task, openAi(), GuardedTools.of(release, kb)).triage("Keep searching for the answer", "tier: business"))
                .isInstanceOf(CeilingExceededException.class)
                .satisfies(e -> assertThat(((CeilingExceededException) e).ceiling()).isEqualTo(TaskCeilings.Ceiling.TOOL_CALLS));
        RunRecord run = task.finish(RunRecord.Outcome.PENDING, null);

        assertThat(kb.searched).hasSize(2);
        assertThat(run.outcome()).isEqualTo(RunRecord.Outcome.FAILED);
        assertThat(run.stoppedBy()).isEqualTo(TaskCeilings.Ceiling.TOOL_CALLS);
    }

    @ParameterizedTest
    @EnumSource(value = SimProvider.Fault.class, names = {"OUTAGE", "RATE_LIMIT", "GARBAGE", "DOWN"})
    void aFailingPrimaryIsFailedOverToTheSecondaryAndBothAttemptsAreRecorded(SimProvider.Fault fault) {
        primary.fault(fault);
        TaskRun task = task(CEILINGS);

        String answer = service(task, openAi(), GuardedTools.of(release, kb)).triage("Charged twice for May, please refund", "tier: business");
        RunRecord run = task.finish(RunRecord.Outcome.PENDING, null);

        assertThat(answer).contains("\"category\":\"billing\"");
        assertThat(task.answeredBy()).isEqualTo("bedrock/eu-west-1");
        assertThat(run.modelCalls()).extracting(c -> c.call().provider() + " " + c.call().failure())
                .containsExactly("anthropic " + expectedKind(fault), "bedrock null");
    }

    static ProviderFailure.Kind expectedKind(SimProvider.Fault fault) {
        return switch (fault) {
            case OUTAGE -> ProviderFailure.Kind.SERVER_ERROR;
            case RATE_LIMIT -> ProviderFailure.Kind.RATE_LIMITED;
            case GARBAGE -> ProviderFailure.Kind.GARBAGE;
            case DOWN -> ProviderFailure.Kind.CONNECTION;
            default -> throw new IllegalArgumentException(fault.name());
        };
    }

    @Test
    void anInvalidRequestIsNotFailedOverSinceEveryProviderWouldRefuseIt() {
        ModelEndpoint endpoint = endpoints().get(0);
        ProviderFailure failure = SlipwayChatModel.classify(endpoint,
                new dev.langchain4j.exception.InvalidRequestException("max_tokens is too large"));
        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.REJECTED);
        assertThat(failure.kind().failover()).isFalse();
        assertThat(failure.getMessage()).startsWith("anthropic/us-east-1: ");
    }
}
