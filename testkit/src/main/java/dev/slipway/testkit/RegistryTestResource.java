package dev.slipway.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Apicurio Registry for Quarkus tests: one registry process per JVM ({@link ApicurioRegistry#shared()}), started on
 * first use (5–15 s) and stopped when the test JVM exits, because starting one per test class would cost more than
 * the tests. Use distinct artifact ids or groups per test.
 *
 * <p>Returns:
 * <ul>
 * <li>{@code mp.messaging.connector.smallrye-kafka.apicurio.registry.url} — the v3 API, for the Apicurio serdes;</li>
 * <li>{@code apicurio.registry.url} — the same, for code that talks to the registry itself;</li>
 * <li>{@code quarkus.apicurio-registry.devservices.enabled=false} — Dev Services would probe for Docker.</li>
 * </ul>
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return config(ApicurioRegistry.shared());
    }

    /** The configuration for a Quarkus application using {@code registry}. */
    public static Map<String, String> config(ApicurioRegistry registry) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", registry.url());
        config.put("apicurio.registry.url", registry.url());
        config.put("quarkus.apicurio-registry.devservices.enabled", "false");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(ApicurioRegistry.shared(), new TestInjector.MatchesType(ApicurioRegistry.class));
    }

    @Override
    public void stop() {
        // Shared per JVM: stopped by its shutdown hook when the test JVM exits.
    }
}
