package dev.slipway.examples.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A simulated model provider on loopback, speaking the chat-completions API shape ({@code POST /v1/chat/completions},
 * so any OpenAI-compatible client talks to it unchanged). It serves one model at the snapshots it is given, each with
 * its own error rate, answers with {@link TriageModel}, counts tokens, and takes faults at run time — from code or
 * with {@code POST /admin/fault {"fault":"OUTAGE"}}:
 * {@code OUTAGE} (503), {@code RATE_LIMIT} (429), {@code SLOW} (answers after the slow delay), {@code GARBAGE} (200
 * with a body that is not the API's shape), {@code DOWN} (closes the connection without an answer), {@code NONE}.
 */
public final class SimProvider implements AutoCloseable {

    public enum Fault {
        NONE, OUTAGE, RATE_LIMIT, SLOW, GARBAGE, DOWN
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MODEL_ID = Pattern.compile("(.+)-(\\d{4}-\\d{2}-\\d{2})");

    private final String name;
    private final String model;
    private final Map<String, Double> errorRateBySnapshot;
    private final Duration latency;
    private final Duration slow;
    private final TriageModel triage;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private volatile Fault fault = Fault.NONE;

    private SimProvider(String name, String model, Map<String, Double> errorRateBySnapshot, long seed, Duration latency,
            Duration slow, int port) throws IOException {
        this.name = name;
        this.model = model;
        this.errorRateBySnapshot = Map.copyOf(errorRateBySnapshot);
        this.latency = latency;
        this.slow = slow;
        this.triage = new TriageModel(seed);
        // The JDK server writes the status line and the body separately; without TCP_NODELAY every answer waits
        // for the client's delayed ACK (about 40 ms on loopback).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/v1/chat/completions", this::complete);
        server.createContext("/admin/fault", this::adminFault);
        server.setExecutor(pool);
        server.start();
    }

    /**
     * Starts a provider on {@code port} (0 for any free port).
     *
     * @param model               the model name it serves, e.g. {@code claude-sonnet-4}
     * @param errorRateBySnapshot the snapshots it serves and the share of tickets each gets wrong
     * @param latency             how long each answer takes
     * @param slow                how long an answer takes under the SLOW fault
     */
    public static SimProvider start(String name, String model, Map<String, Double> errorRateBySnapshot, long seed,
            Duration latency, Duration slow, int port) throws IOException {
        return new SimProvider(name, model, errorRateBySnapshot, seed, latency, slow, port);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String name() {
        return name;
    }

    public void fault(Fault fault) {
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }

    /** Requests received, answered or not. */
    public long calls() {
        return calls.get();
    }

    /** Requests answered with a completion. */
    public long answered() {
        return answered.get();
    }

    private void complete(HttpExchange ex) throws IOException {
        calls.incrementAndGet();
        try (ex) {
            Fault now = fault;
            switch (now) {
                case DOWN -> {
                    return; // closing without a status line: the client sees the connection drop
                }
                case OUTAGE -> {
                    send(ex, 503, "{\"error\":{\"message\":\"" + name + " is unavailable\"}}");
                    return;
                }
                case RATE_LIMIT -> {
                    ex.getResponseHeaders().set("Retry-After", "1");
                    send(ex, 429, "{\"error\":{\"message\":\"rate limit exceeded\"}}");
                    return;
                }
                case GARBAGE -> {
                    send(ex, 200, "<html>upstream gateway says hello</html>");
                    return;
                }
                default -> {
                }
            }
            JsonNode request;
            try {
                request = JSON.readTree(ex.getRequestBody());
            } catch (IOException e) {
                send(ex, 400, "{\"error\":{\"message\":\"request body is not JSON\"}}");
                return;
            }
            Matcher id = MODEL_ID.matcher(request.path("model").asText(""));
            if (!id.matches() || !id.group(1).equals(model) || !errorRateBySnapshot.containsKey(id.group(2))) {
                send(ex, 404, "{\"error\":{\"message\":\"model " + request.path("model").asText("") + " is not served here ("
                        + model + " at " + errorRateBySnapshot.keySet() + ")\"}}");
                return;
            }
            List<TriageModel.Message> messages = new ArrayList<>();
            long promptChars = 0;
            for (JsonNode m : request.path("messages")) {
                // An assistant turn that only called tools has no content.
                String content = m.path("content").asText("");
                messages.add(new TriageModel.Message(m.path("role").asText(), content));
                promptChars += content.length() + m.path("tool_calls").toString().length();
            }
            sleep(now == Fault.SLOW ? slow : latency);
            String answer = triage.answer(id.group(2), errorRateBySnapshot.get(id.group(2)), messages);
            ObjectNode body = JSON.createObjectNode();
            body.put("id", "chatcmpl-" + calls.get());
            body.put("object", "chat.completion");
            body.put("created", System.currentTimeMillis() / 1000);
            body.put("model", id.group(0));
            ObjectNode choice = body.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            JsonNode toolCall = request.path("tools").isEmpty() ? null : toolCall(answer);
            if (toolCall != null) {
                // A client that offers tools gets the API's tool call rather than the JSON convention in the content.
                message.putNull("content");
                ObjectNode call = message.putArray("tool_calls").addObject();
                call.put("id", "call_" + calls.get()).put("type", "function");
                call.putObject("function").put("name", toolCall.path("tool").asText())
                        .put("arguments", toolCall.path("arguments").toString());
                choice.put("finish_reason", "tool_calls");
            } else {
                message.put("content", answer);
                choice.put("finish_reason", "stop");
            }
            long promptTokens = promptChars / 4 + 1;
            long completionTokens = answer.length() / 4 + 1;
            body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            // Counted before it is sent: a caller that has the answer must find it counted.
            answered.incrementAndGet();
            send(ex, 200, body.toString());
        }
    }

    private static JsonNode toolCall(String answer) {
        try {
            JsonNode parsed = JSON.readTree(answer);
            return parsed.has("tool") ? parsed : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void adminFault(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 200, "{\"fault\":\"" + fault + "\"}");
                return;
            }
            String wanted = JSON.readTree(ex.getRequestBody()).path("fault").asText("").toUpperCase(Locale.ROOT);
            try {
                fault = Fault.valueOf(wanted);
            } catch (IllegalArgumentException e) {
                send(ex, 400, "{\"error\":{\"message\":\"fault must be one of NONE, OUTAGE, RATE_LIMIT, SLOW, GARBAGE, DOWN\"}}");
                return;
            }
            send(ex, 200, "{\"fault\":\"" + fault + "\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
