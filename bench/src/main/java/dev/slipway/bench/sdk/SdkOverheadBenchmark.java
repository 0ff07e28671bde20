package dev.slipway.bench.sdk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import dev.slipway.agent.AgentRuntime;
import dev.slipway.agent.PinnedRelease;
import dev.slipway.agent.ReleaseFetcher;
import dev.slipway.agent.RunRecord;
import dev.slipway.agent.RunReporter;
import dev.slipway.agent.TaskCeilings;
import dev.slipway.agent.TaskContext;
import dev.slipway.agent.TaskRun;
import dev.slipway.agent.kafka.RunEvents;
import dev.slipway.agent.model.ModelClient;
import dev.slipway.agent.model.ModelEndpoint;
import dev.slipway.agent.model.ModelFailover;
import dev.slipway.agent.model.ModelReply;
import dev.slipway.agent.model.ModelRequest;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.release.ReleaseSource;

/**
 * What the agent SDK adds to a task, against the same calls made bare: a task of one model call and one tool call,
 * with a model client and a tool that answer at once (so only the SDK's own work is measured). {@link #bare} calls
 * them directly; {@link #throughTheSdk} begins a task, goes through the failover (one Resilience4j breaker
 * permission and record), the tool guard, the ceilings and the pricing, finishes the run and turns it into the
 * {@code RunCompleted} event and its Avro bytes, as the reporter's sender thread would. Target: ≤ 50 µs per task.
 * Run with {@code bench/sdk.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SdkOverheadBenchmark {

    static final ModelRequest ASK = new ModelRequest(List.of(new ModelRequest.Message("system", "Triage tickets."),
            new ModelRequest.Message("user", "Charged twice for May")), 200);
    static final ModelReply REPLY = new ModelReply("{\"category\":\"billing\",\"priority\":\"normal\"}", 1_200, 40);
    static final byte[] INPUT = "{\"subject\":\"Charged twice for May\"}".getBytes(StandardCharsets.UTF_8);

    ModelClient client;
    ModelEndpoint endpoint;
    AgentRuntime runtime;
    long taskNumber;

    @Setup
    public void setUp() throws Exception {
        Release release = ReleaseLoader.load(ReleaseSource.directory(Path.of("examples/support-triage"))).release();
        ReleaseSigner builder = ReleaseSigner.generate();
        PinnedRelease pinned = PinnedRelease.fetch(release.digest(),
                d -> new ReleaseFetcher.Fetched(release.toCanonicalJson(), builder.sign(d)), Set.of(builder.keyId()));
        client = (e, r) -> REPLY;
        endpoint = new ModelEndpoint("anthropic", "us-east-1", java.net.URI.create("http://127.0.0.1:1"), "claude-sonnet-4",
                "2025-05-14");
        ModelFailover failover = new ModelFailover(pinned.model(), List.of(endpoint), client,
                ModelFailover.BreakerSettings.DEFAULT);
        RunReporter toAvro = new RunReporter() {
            @Override
            public void report(RunRecord run) {
                try {
                    blackhole = RunEvents.toEvent(run).toByteBuffer().remaining();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public long lost() {
                return 0;
            }
        };
        runtime = new AgentRuntime(pinned, failover, new TaskCeilings(6, 4, 60_000, 0.25), toAvro, "bench", Clock.systemUTC());
    }

    static volatile int blackhole;

    @Benchmark
    public void bare(Blackhole bh) throws Exception {
        bh.consume(client.call(endpoint, ASK));
        bh.consume(List.of("kb-101"));
    }

    @Benchmark
    public void throughTheSdk(Blackhole bh) throws Exception {
        TaskRun task = runtime.begin(new TaskContext("support-triage/prod", TaskContext.Arm.STABLE, 1,
                "ticket-" + (taskNumber++), INPUT));
        bh.consume(task.chat(ASK));
        bh.consume(task.tool("search_kb", List.of("kb:read"), () -> List.of("kb-101")));
        bh.consume(task.finish(RunRecord.Outcome.PENDING, null));
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(SdkOverheadBenchmark.class.getName() + "\\.").build()).run();
    }
}
