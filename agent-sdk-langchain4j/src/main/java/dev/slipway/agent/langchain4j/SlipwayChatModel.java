package dev.slipway.agent.langchain4j;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.slipway.agent.CeilingExceededException;
import dev.slipway.agent.TaskRun;
import dev.slipway.agent.model.AllProvidersFailedException;
import dev.slipway.agent.model.ModelEndpoint;
import dev.slipway.agent.model.ModelFailover;
import dev.slipway.agent.model.ProviderFailure;

/**
 * A LangChain4j {@link ChatModel} for one task: each chat goes to the pinned model through the task's failover
 * (the endpoints' circuit breakers, in priority order), counts against its ceilings and is recorded in its run with
 * provider, region, latency, tokens and cost. LangChain4j's exceptions are classified for the failover: time-outs,
 * 429, 5xx, unreachable hosts and unreadable answers move on to the next endpoint; a request the provider rejects as
 * invalid (or filters) does not, since every provider would.
 *
 * @throws CeilingExceededException    from {@code chat} when the task crosses a ceiling (it is then over)
 * @throws AllProvidersFailedException from {@code chat} when no endpoint answered
 */
public final class SlipwayChatModel implements ChatModel {

    private final TaskRun task;
    private final EndpointChatModels models;

    public SlipwayChatModel(TaskRun task, EndpointChatModels models) {
        this.task = task;
        this.models = models;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return task.chat(endpoint -> callAt(endpoint, request), SlipwayChatModel::tokens);
    }

    private ChatResponse callAt(ModelEndpoint endpoint, ChatRequest request) throws ProviderFailure {
        try {
            return models.at(endpoint).chat(request);
        } catch (RuntimeException e) {
            throw classify(endpoint, e);
        }
    }

    private static ModelFailover.TokenCount tokens(ChatResponse response) {
        TokenUsage usage = response.tokenUsage();
        if (usage == null) {
            return new ModelFailover.TokenCount(0, 0);
        }
        return new ModelFailover.TokenCount(orZero(usage.inputTokenCount()), orZero(usage.outputTokenCount()));
    }

    private static long orZero(Integer count) {
        return count == null ? 0 : count;
    }

    /** What a LangChain4j exception means for the failover. */
    static ProviderFailure classify(ModelEndpoint endpoint, RuntimeException e) {
        String where = endpoint.id() + ": ";
        if (e instanceof RateLimitException) {
            return new ProviderFailure(ProviderFailure.Kind.RATE_LIMITED, where + "429 " + e.getMessage(), e);
        }
        if (e instanceof InternalServerException) {
            return new ProviderFailure(ProviderFailure.Kind.SERVER_ERROR, where + e.getMessage(), e);
        }
        if (e instanceof InvalidRequestException || e instanceof ContentFilteredException) {
            return new ProviderFailure(ProviderFailure.Kind.REJECTED, where + e.getMessage(), e);
        }
        if (e instanceof TimeoutException || hasCause(e, HttpTimeoutException.class)
                || hasCause(e, java.util.concurrent.TimeoutException.class)) {
            return new ProviderFailure(ProviderFailure.Kind.TIMEOUT, where + "no answer in time", e);
        }
        if (e instanceof UnresolvedModelServerException || hasCause(e, ConnectException.class)
                || hasCause(e, UnresolvedAddressException.class)) {
            return new ProviderFailure(ProviderFailure.Kind.CONNECTION, where + "unreachable", e);
        }
        HttpException http = cause(e, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            ProviderFailure.Kind kind = status == 429 ? ProviderFailure.Kind.RATE_LIMITED
                    : status >= 500 ? ProviderFailure.Kind.SERVER_ERROR
                    // 401, 403, 404 are about this provider (its key, its catalogue): another may answer.
                    : status == 401 || status == 403 || status == 404 ? ProviderFailure.Kind.SERVER_ERROR
                    : ProviderFailure.Kind.REJECTED;
            return new ProviderFailure(kind, where + "HTTP " + status, e);
        }
        if (hasCause(e, JsonProcessingException.class)) {
            return new ProviderFailure(ProviderFailure.Kind.GARBAGE, where + "the answer is not the API's shape", e);
        }
        if (hasCause(e, IOException.class)) {
            return new ProviderFailure(ProviderFailure.Kind.CONNECTION, where + e.getMessage(), e);
        }
        // An answer LangChain4j could not read as the API's shape.
        return new ProviderFailure(ProviderFailure.Kind.GARBAGE, where + e, e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        return cause(e, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
