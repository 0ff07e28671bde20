package dev.slipway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import dev.slipway.testkit.ApicurioRegistry;
import dev.slipway.testkit.EmbeddedKafkaBroker;

/** A real broker and registry, and the packaged router and canary services as processes. */
final class Stack implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final ApicurioRegistry registry;
    private final Path dir;
    private final ServiceProcess router;
    private ServiceProcess canary;
    private boolean brokerStopped;

    private Stack(EmbeddedKafkaBroker broker, ApicurioRegistry registry, Path dir) throws IOException {
        this.broker = broker;
        this.registry = registry;
        this.dir = dir;
        this.router = new ServiceProcess("router-service", properties("router"), dir).start();
        this.canary = new ServiceProcess("canary-service", properties("canary"), dir).start();
    }

    static Stack start() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "e2e-" + UUID.randomUUID()));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build().start();
        return new Stack(broker, ApicurioRegistry.shared(), dir);
    }

    private Map<String, String> properties(String service) {
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "apicurio.registry.url", registry.url(),
                "mp.messaging.connector.smallrye-kafka.apicurio.registry.url", registry.url(),
                "kafka-streams.state.dir", dir.resolve(service + "-state").toAbsolutePath().toString(),
                "slipway.topics.partitions", "1",
                "slipway.canary.tick", "PT0.5S");
    }

    /** Kills the canary service as a crash would, and starts it again on the same state directory. */
    void crashAndRestartCanary() throws IOException, InterruptedException {
        canary.crash();
        canary = new ServiceProcess("canary-service", properties("canary"), dir).start();
    }

    /** Stops the broker, as an outage would; the services keep running. */
    void stopBroker() {
        broker.close();
        brokerStopped = true;
    }

    ServiceProcess router() {
        return router;
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    String registryUrl() {
        return registry.url();
    }

    @Override
    public void close() throws InterruptedException {
        if (brokerStopped) {
            // A graceful stop would wait for the missing broker: nothing is left to flush, so just end them.
            canary.crash();
            router.crash();
            return;
        }
        // Services before the broker, or their shutdown waits on it.
        canary.close();
        router.close();
        broker.close();
    }
}
