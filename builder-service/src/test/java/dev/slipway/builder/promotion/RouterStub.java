package dev.slipway.builder.promotion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for the router's rollout API on a loopback port: records every rollout the builder asks for and accepts
 * it, as the router does for a known release. The router itself is tested against a real broker in router-service.
 */
public class RouterStub implements QuarkusTestResourceLifecycleManager {

    /** One rollout request: its path and body. */
    public record Call(String path, JsonNode body, String authorization) {
    }

    static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/deployments/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            CALLS.add(new Call(exchange.getRequestURI().getPath(), body,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] answer = JSON.createObjectNode().put("rolloutId", UUID.randomUUID().toString())
                    .put("candidate", body.path("candidate").asText()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return Map.of("slipway.router.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static List<Call> callsFor(String deployment) {
        return CALLS.stream().filter(c -> c.path().equals("/api/v1/deployments/" + deployment + "/rollouts")).toList();
    }
}
