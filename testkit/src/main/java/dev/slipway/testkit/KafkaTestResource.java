package dev.slipway.testkit;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fresh single-node KRaft broker for one Quarkus test resource life cycle.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value = "slipway.runs,slipway.routes"))
 * class RouterTest { ... }
 * }</pre>
 *
 * Returns:
 * <ul>
 * <li>{@code kafka.bootstrap.servers} — the broker;</li>
 * <li>{@code kafka-streams.state.dir} — a fresh {@code target/kafka-streams-<uuid>} (a state dir reused against a
 *     fresh broker gives OffsetOutOfRange / TaskCorrupted and wrong counts);</li>
 * <li>{@code quarkus.kafka.devservices.enabled=false} — Dev Services would probe for Docker.</li>
 * </ul>
 * Init args: {@code topics} — comma-separated topics to create (1 partition each) before the application starts.
 * The broker's data lives in {@code target/kafka-<uuid>}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOPICS_ARG = "topics";

    private EmbeddedKafkaBroker broker;
    private String[] topics = new String[0];

    @Override
    public void init(Map<String, String> initArgs) {
        String t = initArgs.getOrDefault(TOPICS_ARG, "");
        topics = Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    @Override
    public Map<String, String> start() {
        broker = EmbeddedKafkaBroker.builder().dataDir(EmbeddedKafkaBroker.freshTargetDir()).build().start();
        broker.createTopics(topics);
        return config(broker);
    }

    /** The configuration for a Quarkus application talking to {@code broker}. */
    public static Map<String, String> config(EmbeddedKafkaBroker broker) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        config.put("kafka-streams.state.dir",
                Path.of("target", "kafka-streams-" + UUID.randomUUID()).toAbsolutePath().toString());
        config.put("quarkus.kafka.devservices.enabled", "false");
        return config;
    }

    /** The running broker (for tests that inject the resource or need an admin client). */
    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker,
                new TestInjector.MatchesType(EmbeddedKafkaBroker.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
