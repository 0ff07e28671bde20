package dev.slipway.examples.triage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.slipway.agent.AgentRuntime;
import dev.slipway.agent.CeilingExceededException;
import dev.slipway.agent.RunRecord;
import dev.slipway.agent.TaskContext;
import dev.slipway.agent.TaskRun;
import dev.slipway.agent.ToolRefusedException;
import dev.slipway.agent.langchain4j.EndpointChatModels;
import dev.slipway.agent.model.AllProvidersFailedException;

/**
 * The worker's HTTP side: {@code POST /tasks} with the ticket as the body and the router's headers
 * ({@code Slipway-Deployment}, {@code Slipway-Arm}, {@code Slipway-Epoch}, {@code Slipway-Task-Key}). It answers
 * {@code {"runId", "digest", "outcome", "category", "priority", "summary"}}; a task stopped by a ceiling or refused a
 * tool answers with that outcome; no model provider answering is a 503 problem. At most {@code capacity} tasks run at
 * once; every task ends in one reported run.
 */
public final class TriageWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentRuntime runtime;
    private final String defaultDeployment;
    private final TriageAgent agent;
    private final HttpServer server;
    private final ExecutorService pool;

    /** @param models LangChain4j's chat model at each of the runtime's endpoints */
    public TriageWorker(AgentRuntime runtime, EndpointChatModels models, String deployment, int port, int capacity)
            throws IOException {
        this.runtime = runtime;
        this.agent = new TriageAgent(models);
        this.defaultDeployment = deployment;
        this.pool = Executors.newFixedThreadPool(capacity);
        // The JDK server writes the status line and the body separately; without TCP_NODELAY every answer waits
        // for the client's delayed ACK (about 40 ms on loopback).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.createContext("/tasks", this::task);
        server.createContext("/health", ex -> send(ex, 200, "{\"status\":\"UP\",\"digest\":\"" + runtime.release().digest()
                + "\",\"inFlight\":" + runtime.inFlight() + "}"));
        server.setExecutor(pool);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int inFlight() {
        return runtime.inFlight();
    }

    private void task(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                problem(ex, 405, "method-not-allowed", "POST a ticket to /tasks", null);
                return;
            }
            String taskKey = ex.getRequestHeaders().getFirst("Slipway-Task-Key");
            if (taskKey == null || taskKey.isBlank()) {
                problem(ex, 400, "invalid-task", "the Slipway-Task-Key header is required", "Slipway-Task-Key");
                return;
            }
            JsonNode ticket;
            try {
                ticket = JSON.readTree(ex.getRequestBody());
            } catch (IOException e) {
                problem(ex, 400, "unreadable-body", "the ticket is not JSON", "body");
                return;
            }
            if (ticket == null || !ticket.isObject()) {
                problem(ex, 400, "invalid-task", "the ticket must be a JSON object {subject, body, …}", "body");
                return;
            }
            TaskContext.Arm arm;
            try {
                arm = TaskContext.Arm.valueOf(header(ex, "Slipway-Arm", "STABLE"));
            } catch (IllegalArgumentException e) {
                problem(ex, 400, "invalid-task", "Slipway-Arm must be STABLE, BASELINE or CANARY", "Slipway-Arm");
                return;
            }
            long epoch;
            try {
                epoch = Long.parseLong(header(ex, "Slipway-Epoch", "0"));
            } catch (NumberFormatException e) {
                problem(ex, 400, "invalid-task", "Slipway-Epoch must be a number", "Slipway-Epoch");
                return;
            }
            run(ex, new TaskContext(header(ex, "Slipway-Deployment", defaultDeployment), arm, epoch, taskKey,
                    JSON.writeValueAsBytes(ticket)), ticket);
        }
    }

    private void run(HttpExchange ex, TaskContext context, JsonNode ticket) throws IOException {
        TaskRun task = runtime.begin(context);
        try {
            ObjectNode answer = agent.triage(task, ticket);
            // Whether the triage was right is known later, from the customer's side: the run is PENDING until then.
            RunRecord run = task.finish(RunRecord.Outcome.PENDING, null);
            answer.put("runId", run.runId()).put("digest", run.digest()).put("outcome", "ANSWERED")
                    .put("costUsd", run.costUsd()).put("answeredBy", task.answeredBy());
            stateCost(ex, run);
            send(ex, 200, answer.toString());
        } catch (CeilingExceededException e) {
            RunRecord run = task.finish(RunRecord.Outcome.FAILED, null);
            stateCost(ex, run);
            send(ex, 200, JSON.createObjectNode().put("runId", run.runId()).put("digest", run.digest())
                    .put("outcome", "STOPPED").put("ceiling", e.ceiling().name()).put("detail", e.getMessage())
                    .put("costUsd", run.costUsd()).toString());
        } catch (ToolRefusedException e) {
            RunRecord run = task.finish(RunRecord.Outcome.FAILED, null);
            send(ex, 200, JSON.createObjectNode().put("runId", run.runId()).put("digest", run.digest())
                    .put("outcome", "TOOL_REFUSED").put("tool", e.tool()).put("detail", e.getMessage()).toString());
        } catch (AllProvidersFailedException e) {
            task.finish(RunRecord.Outcome.ERROR, null);
            problem(ex, 503, "no-model-provider", e.getMessage(), null);
        } catch (Exception e) {
            task.finish(RunRecord.Outcome.ERROR, null);
            problem(ex, 500, "task-failed", "the task failed: " + e, null);
        }
    }

    /** The task's cost in a header, so the router settles its budget without reading the answer. */
    private static void stateCost(HttpExchange ex, RunRecord run) {
        ex.getResponseHeaders().set("Slipway-Cost-Usd", Double.toString(run.costUsd()));
    }

    private static String header(HttpExchange ex, String name, String fallback) {
        String value = ex.getRequestHeaders().getFirst(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void problem(HttpExchange ex, int status, String type, String detail, String field) throws IOException {
        ObjectNode p = JSON.createObjectNode();
        p.put("type", "https://slipway.dev/problems/" + type);
        p.put("title", type.replace('-', ' '));
        p.put("status", status);
        p.put("detail", detail);
        if (field != null) {
            p.putArray("violations").addObject().put("field", field).put("message", detail);
        }
        byte[] bytes = p.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/problem+json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
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

    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
    }
}
