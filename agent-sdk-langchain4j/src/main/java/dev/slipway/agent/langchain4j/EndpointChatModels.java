package dev.slipway.agent.langchain4j;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.slipway.agent.PinnedRelease;
import dev.slipway.agent.model.ModelEndpoint;

/**
 * The LangChain4j chat model that calls one endpoint, one per endpoint, made once and kept: Slipway chooses the
 * endpoint (failover, breakers), the model calls it.
 */
@FunctionalInterface
public interface EndpointChatModels {

    ChatModel at(ModelEndpoint endpoint);

    /**
     * LangChain4j's OpenAI chat model at each endpoint (any server with the chat-completions API shape): the model id
     * is the pinned {@code <model>-<snapshot>}, the release's {@code temperature} and {@code max_tokens} apply, and
     * LangChain4j's own retries are off, since retrying elsewhere is the failover's job.
     *
     * @param timeout for the whole answer: a slow provider counts as failed, and is failed over
     * @param apiKeys the key for each endpoint (providers that need none may get any value)
     */
    static EndpointChatModels openAi(PinnedRelease release, Duration timeout, Function<ModelEndpoint, String> apiKeys) {
        Map<String, JsonNode> parameters = release.model().parameters();
        Map<ModelEndpoint, ChatModel> made = new ConcurrentHashMap<>();
        return endpoint -> made.computeIfAbsent(endpoint, e -> {
            OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
                    .baseUrl(e.baseUrl().toString().replaceAll("/+$", "") + "/v1")
                    .apiKey(apiKeys.apply(e))
                    .modelName(e.model() + "-" + e.snapshot())
                    .timeout(timeout)
                    .maxRetries(0);
            if (parameters.containsKey("temperature")) {
                builder.temperature(parameters.get("temperature").asDouble());
            }
            if (parameters.containsKey("max_tokens")) {
                builder.maxTokens(parameters.get("max_tokens").asInt());
            }
            return builder.build();
        });
    }
}
