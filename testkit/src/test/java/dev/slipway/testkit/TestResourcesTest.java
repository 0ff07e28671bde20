package dev.slipway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** The Quarkus test resources, driven the way Quarkus drives them: init, start, stop. */
class TestResourcesTest {

    @Test
    void kafkaResourceStartsAFreshBrokerWithTopicsAndAFreshStateDir() throws Exception {
        KafkaTestResource first = new KafkaTestResource();
        first.init(Map.of(KafkaTestResource.TOPICS_ARG, "slipway.runs, slipway.routes"));
        Map<String, String> config = first.start();
        try {
            assertThat(config).containsEntry("quarkus.kafka.devservices.enabled", "false")
                    .containsKeys("kafka.bootstrap.servers", "kafka-streams.state.dir");
            assertThat(Path.of(config.get("kafka-streams.state.dir"))).isAbsolute()
                    .satisfies(p -> assertThat(p.toString()).contains("target"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap.servers")))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("slipway.runs", "slipway.routes");
            }
            assertThat(first.broker().isRunning()).isTrue();

            KafkaTestResource second = new KafkaTestResource();
            second.init(Map.of());
            Map<String, String> other = second.start();
            try {
                assertThat(other.get("kafka.bootstrap.servers")).isNotEqualTo(config.get("kafka.bootstrap.servers"));
                assertThat(other.get("kafka-streams.state.dir")).isNotEqualTo(config.get("kafka-streams.state.dir"));
            } finally {
                second.stop();
            }
        } finally {
            first.stop();
        }
        assertThat(first.broker()).isNull();
    }

    @Test
    void stackResourceReturnsKafkaAndRegistryProperties() {
        SlipwayStackTestResource stack = new SlipwayStackTestResource();
        stack.init(Map.of());
        Map<String, String> config = stack.start();
        try {
            String v3 = ApicurioRegistry.shared().url();
            assertThat(config)
                    .containsKeys("kafka.bootstrap.servers", "kafka-streams.state.dir")
                    .containsEntry("quarkus.kafka.devservices.enabled", "false")
                    .containsEntry("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", v3)
                    .containsEntry("apicurio.registry.url", v3)
                    .containsEntry("quarkus.apicurio-registry.devservices.enabled", "false");
            assertThat(v3).endsWith("/apis/registry/v3");
        } finally {
            stack.stop();
        }
        // the registry is shared per JVM and survives the resource's stop
        assertThat(ApicurioRegistry.shared().isRunning()).isTrue();
    }
}
