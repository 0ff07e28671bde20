package dev.slipway.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A tiny stand-in for a service (builder, router): canned answers by "METHOD /path?query", every request recorded. */
public final class FakeBuilder implements AutoCloseable {

    /** A request as received. */
    public record Request(String method, String pathAndQuery, String contentType, String body, String authorization) {
    }

    private record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> busy = new ConcurrentHashMap<>();

    public FakeBuilder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeBuilder answer(String methodAndPath, int status, String json) {
        String type = status >= 400 ? "application/problem+json" : "application/json";
        answers.put(methodAndPath, new Answer(status, type, json));
        return this;
    }

    public FakeBuilder answerRaw(String methodAndPath, int status, String contentType, String body) {
        answers.put(methodAndPath, new Answer(status, contentType, body));
        return this;
    }

    /** The next {@code times} requests to {@code methodAndPath} get 503 with {@code Retry-After: 1} (builder busy). */
    public FakeBuilder busyFirst(String methodAndPath, int times) {
        busy.put(methodAndPath, new java.util.concurrent.atomic.AtomicInteger(times));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String target = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(ex.getRequestMethod(), target, ex.getRequestHeaders().getFirst("Content-Type"), body,
                ex.getRequestHeaders().getFirst("Authorization")));
        Answer a = answers.getOrDefault(ex.getRequestMethod() + " " + target, new Answer(404, "application/problem+json",
                "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no canned answer for " + ex.getRequestMethod() + " " + target + "\"}"));
        var busyLeft = busy.get(ex.getRequestMethod() + " " + target);
        if (busyLeft != null && busyLeft.getAndDecrement() > 0) {
            a = new Answer(503, "application/problem+json", "{\"title\":\"Builder busy\",\"status\":503}");
            ex.getResponseHeaders().set("Retry-After", "1");
        }
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", a.contentType());
        ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
