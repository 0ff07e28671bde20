package dev.slipway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void bootstrapServersNameTheLoopbackListener() {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(broker.controllerPort()).isNotEqualTo(broker.port());
        assertThat(broker.dataDir()).exists();
        assertThat(broker.dataDir().toString()).contains("target").contains("kafka-");
    }

    @Test
    void createsTopicsIncludingWithPartitionsAndConfigs() throws Exception {
        String plain = "plain-" + UUID.randomUUID();
        String compacted = "compacted-" + UUID.randomUUID();
        broker.createTopics(plain);
        broker.createTopics(List.of(new NewTopic(compacted, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        // creating again is not an error
        broker.createTopics(plain);

        assertThat(broker.topicNames()).contains(plain, compacted);
        try (var admin = broker.admin()) {
            TopicDescription d = admin.describeTopics(List.of(compacted)).allTopicNames().get().get(compacted);
            assertThat(d.partitions()).hasSize(3);
        }
    }

    @Test
    void theCatalogueKeepsTheAuditTrailForeverAndAgesOutTheRest() throws Exception {
        dev.slipway.events.TopicProvisioner.ensureAll(broker.bootstrapServers(), 1, (short) 1);
        try (var admin = broker.admin()) {
            var resources = List.of("slipway.promotions", "slipway.rollout-commands", "slipway.runs").stream()
                    .map(t -> new org.apache.kafka.common.config.ConfigResource(
                            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, t)).toList();
            var configs = admin.describeConfigs(resources).all().get();
            assertThat(configs.get(resources.get(0)).get("retention.ms").value()).isEqualTo("-1");
            assertThat(configs.get(resources.get(1)).get("retention.ms").value()).isEqualTo("-1");
            assertThat(configs.get(resources.get(2)).get("retention.ms").value()).as("runs age out").isNotEqualTo("-1");
        }
    }

    @Test
    void recordRoundTripsThroughTheBroker() throws Exception {
        String topic = "round-trip-" + UUID.randomUUID();
        broker.createTopics(topic);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, "support-triage/prod", "hello")).get();
            assertThat(md.offset()).isZero();
        }

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
            });
            assertThat(seen).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("support-triage/prod");
                assertThat(r.value()).isEqualTo("hello");
            });
        }
    }

    @Test
    void aRestartOnTheSameDirectoryKeepsTopicsAndRecords(@TempDir Path dir) throws Exception {
        String topic = "kept-" + UUID.randomUUID();
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDir(dir).start()) {
            first.createTopics(topic);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            }
        }
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDir(dir).start()) {
            assertThat(second.topicNames()).contains(topic);
            try (var admin = second.admin()) {
                var offsets = admin.listOffsets(Map.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                        org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get();
                assertThat(offsets.values()).singleElement().satisfies(o -> assertThat(o.offset()).isEqualTo(1));
            }
        }
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().port(taken.getLocalPort()).build();
            assertThatThrownBy(second::start)
                    .isInstanceOf(Ports.PortInUseException.class)
                    .hasMessageContaining("Kafka broker port " + taken.getLocalPort() + " is already in use")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void bootstrapServersBeforeStartIsAnError() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().build().bootstrapServers())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");
    }
}
