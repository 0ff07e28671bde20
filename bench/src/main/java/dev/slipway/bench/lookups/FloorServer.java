package dev.slipway.bench.lookups;

import io.vertx.core.Vertx;

/**
 * The floor of an HTTP latency measurement on this machine: a Vert.x server that answers every request at once with
 * a route look-up's JSON, nothing verified, nothing looked up. Measured with the same open-loop generator at the same
 * rates as the router, it says how much of a p99 is the machine (two JVMs sharing the cores, loopback, the
 * scheduler) and how much the router adds. Usage: {@code FloorServer <port>}; prints {@code up} once listening and
 * runs until killed.
 */
public final class FloorServer {

    private static final String ANSWER = "{\"deployment\":\"support-triage/prod\",\"key\":\"task-1\",\"arm\":\"STABLE\","
            + "\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"epoch\":3}";

    private FloorServer() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer()
                .requestHandler(request -> request.response().putHeader("content-type", "application/json").end(ANSWER))
                .listen(Integer.parseInt(args[0]))
                .toCompletionStage().toCompletableFuture().get();
        System.out.println("up");
        Thread.currentThread().join();
    }
}
