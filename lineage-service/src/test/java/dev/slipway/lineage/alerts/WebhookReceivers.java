package dev.slipway.lineage.alerts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Webhook receivers for the alert delivery test, configured as the service's sinks: {@code /slack} and
 * {@code /alertmanager} take every page, {@code /flaky} answers 503 to the first two attempts of each page, and
 * {@code /dead} answers 500 to everything. Every request is recorded with its path, Idempotency-Key and body.
 */
public class WebhookReceivers implements QuarkusTestResourceLifecycleManager {

    public record Received(String path, String idempotencyKey, String body, int answered) {
    }

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> FLAKY_ATTEMPTS = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.ofEntries(
                Map.entry("slipway.alerts.sinks", "ops-slack,ops-am,flaky-hook,dead-hook"),
                Map.entry("slipway.alerts.sink.ops-slack.kind", "slack"),
                Map.entry("slipway.alerts.sink.ops-slack.url", base + "/slack"),
                Map.entry("slipway.alerts.sink.ops-am.kind", "alertmanager"),
                Map.entry("slipway.alerts.sink.ops-am.url", base + "/alertmanager"),
                Map.entry("slipway.alerts.sink.flaky-hook.kind", "webhook"),
                Map.entry("slipway.alerts.sink.flaky-hook.url", base + "/flaky"),
                Map.entry("slipway.alerts.sink.dead-hook.kind", "webhook"),
                Map.entry("slipway.alerts.sink.dead-hook.url", base + "/dead"),
                Map.entry("slipway.alerts.max-attempts", "3"),
                Map.entry("slipway.alerts.first-backoff", "PT0.05S"),
                Map.entry("slipway.alerts.longest-backoff", "PT0.2S"));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = switch (path) {
            case "/slack", "/alertmanager" -> 200;
            case "/flaky" -> FLAKY_ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= 2 ? 503 : 200;
            default -> 500;
        };
        RECEIVED.add(new Received(path, key, body, status));
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    static List<Received> at(String path, String key) {
        return RECEIVED.stream().filter(r -> r.path().equals(path) && key.equals(r.idempotencyKey())).toList();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
