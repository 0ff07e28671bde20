package dev.slipway.agent.cdi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import dev.slipway.examples.sim.SimProvider;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSignature;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.release.ReleaseSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A builder serving the signed sample release, and a simulated provider of its model: the app's configuration. */
public class SignedReleaseAndProviderResource implements QuarkusTestResourceLifecycleManager {

    static final Release SAMPLE = ReleaseLoader.load(ReleaseSource.directory(Path.of("..", "examples", "support-triage")))
            .release();

    private HttpServer builder;
    private SimProvider provider;

    @Override
    public Map<String, String> start() {
        ReleaseSigner signer = ReleaseSigner.generate();
        ReleaseSignature signature = signer.sign(SAMPLE.digest());
        String view = "{\"digest\":\"" + SAMPLE.digest() + "\",\"signature\":{\"algorithm\":\"" + signature.algorithm()
                + "\",\"keyId\":\"" + signature.keyId() + "\",\"publicKey\":\"" + signature.publicKey() + "\",\"value\":\""
                + signature.value() + "\"}}";
        try {
            builder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            builder.createContext("/api/v1/releases/" + SAMPLE.digest(), ex -> {
                byte[] body = (ex.getRequestURI().getPath().endsWith("/content") ? SAMPLE.toCanonicalJson() : view)
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            builder.start();
            provider = SimProvider.start("anthropic", "claude-sonnet-4", Map.of("2025-05-14", 0.0), 3, Duration.ZERO,
                    Duration.ofSeconds(5), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "slipway.agent.digest", SAMPLE.digest(),
                "slipway.agent.deployment", "support-triage/cdi",
                "slipway.agent.builder-url", "http://127.0.0.1:" + builder.getAddress().getPort(),
                "slipway.agent.trusted-keys", signature.keyId(),
                "slipway.agent.providers", "anthropic/us-east-1=" + provider.url(),
                "slipway.agent.endpoint", "http://127.0.0.1:9/tasks",
                "slipway.agent.heartbeat", "PT0.2S");
    }

    @Override
    public void stop() {
        if (builder != null) {
            builder.stop(0);
        }
        if (provider != null) {
            provider.close();
        }
    }
}
