package dev.slipway.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Kafka and the schema registry together: a fresh broker per resource start ({@link KafkaTestResource}) and the
 * JVM-wide shared registry ({@link RegistryTestResource}). Returns the union of both resources' properties.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(SlipwayStackTestResource.class)
 * class BuilderKafkaTest { ... }
 * }</pre>
 *
 * Init args: {@code topics}, as for {@link KafkaTestResource}.
 */
public class SlipwayStackTestResource implements QuarkusTestResourceLifecycleManager {

    private final KafkaTestResource kafka = new KafkaTestResource();
    private final RegistryTestResource registry = new RegistryTestResource();

    @Override
    public void init(Map<String, String> initArgs) {
        kafka.init(initArgs);
        registry.init(initArgs);
    }

    @Override
    public Map<String, String> start() {
        // The registry takes 5-15 s on first use and the broker 3-5 s: start them side by side.
        CompletableFuture<Map<String, String>> registryConfig = CompletableFuture.supplyAsync(registry::start);
        Map<String, String> config = new LinkedHashMap<>(kafka.start());
        try {
            config.putAll(registryConfig.join());
        } catch (CompletionException e) {
            kafka.stop();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        kafka.inject(testInjector);
        registry.inject(testInjector);
    }

    @Override
    public void stop() {
        registry.stop();
        kafka.stop();
    }
}
