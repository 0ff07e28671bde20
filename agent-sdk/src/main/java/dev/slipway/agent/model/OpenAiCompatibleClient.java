package dev.slipway.agent.model;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Calls an endpoint that speaks the chat-completions API shape ({@code POST {baseUrl}/v1/chat/completions}), the
 * shape most providers and gateways offer, and classifies every failure for the failover: refused or reset
 * connections, time-outs, 429, 5xx and answers that are not the API's shape. The model id sent is
 * {@code <model>-<snapshot>}, the pinned snapshot and nothing else.
 */
public final class OpenAiCompatibleClient implements ModelClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout for connecting and for the whole answer: a slow provider counts as failed, and is failed over */
    public OpenAiCompatibleClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public ModelReply call(ModelEndpoint endpoint, ModelRequest request) throws ProviderFailure {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", endpoint.model() + "-" + endpoint.snapshot());
        body.put("max_tokens", request.maxOutputTokens());
        ArrayNode messages = body.putArray("messages");
        request.messages().forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
        URI uri = URI.create(endpoint.baseUrl().toString().replaceAll("/+$", "") + "/v1/chat/completions");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new ProviderFailure(ProviderFailure.Kind.TIMEOUT, endpoint.id() + ": no connection within " + timeout, e);
        } catch (HttpTimeoutException e) {
            throw new ProviderFailure(ProviderFailure.Kind.TIMEOUT, endpoint.id() + ": no answer within " + timeout, e);
        } catch (ConnectException e) {
            throw new ProviderFailure(ProviderFailure.Kind.CONNECTION, endpoint.id() + ": connection refused", e);
        } catch (IOException e) {
            throw new ProviderFailure(ProviderFailure.Kind.CONNECTION, endpoint.id() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailure(ProviderFailure.Kind.TIMEOUT, endpoint.id() + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status == 429) {
            throw new ProviderFailure(ProviderFailure.Kind.RATE_LIMITED, endpoint.id() + ": 429 rate limited");
        }
        if (status >= 500) {
            throw new ProviderFailure(ProviderFailure.Kind.SERVER_ERROR, endpoint.id() + ": HTTP " + status);
        }
        if (status >= 400) {
            throw new ProviderFailure(ProviderFailure.Kind.REJECTED, endpoint.id() + ": HTTP " + status + " "
                    + abbreviate(response.body()));
        }
        return parse(endpoint, response.body());
    }

    private static ModelReply parse(ModelEndpoint endpoint, String body) throws ProviderFailure {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            throw new ProviderFailure(ProviderFailure.Kind.GARBAGE, endpoint.id() + ": answer is not JSON: "
                    + abbreviate(body), e);
        }
        JsonNode content = answer == null ? null : answer.at("/choices/0/message/content");
        JsonNode usage = answer == null ? null : answer.get("usage");
        if (content == null || !content.isTextual() || usage == null || !usage.path("prompt_tokens").canConvertToLong()
                || !usage.path("completion_tokens").isIntegralNumber()) {
            throw new ProviderFailure(ProviderFailure.Kind.GARBAGE, endpoint.id()
                    + ": answer lacks choices[0].message.content or usage: " + abbreviate(body));
        }
        return new ModelReply(content.textValue(), usage.path("prompt_tokens").asLong(),
                usage.path("completion_tokens").asLong());
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
