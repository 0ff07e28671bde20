package dev.slipway.agent.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A model client whose endpoints answer as the test says, recording every call. */
public final class ScriptedModels implements ModelClient {

    /** What an endpoint does on its next calls: answer, or fail with a kind. */
    public interface Behaviour {
        ModelReply call(ModelRequest request) throws ProviderFailure;
    }

    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();

    public static ModelEndpoint endpoint(String provider, String region, String model, String snapshot) {
        return new ModelEndpoint(provider, region, URI.create("http://" + provider + "." + region + ".invalid"), model,
                snapshot);
    }

    public ScriptedModels answer(String endpointId, long inputTokens, long outputTokens) {
        behaviours.put(endpointId, r -> new ModelReply("answer from " + endpointId, inputTokens, outputTokens));
        return this;
    }

    public ScriptedModels fail(String endpointId, ProviderFailure.Kind kind) {
        behaviours.put(endpointId, r -> {
            throw new ProviderFailure(kind, endpointId + " failed: " + kind);
        });
        return this;
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public ModelReply call(ModelEndpoint endpoint, ModelRequest request) throws ProviderFailure {
        synchronized (this) {
            calls.add(endpoint.id());
        }
        Behaviour b = behaviours.get(endpoint.id());
        if (b == null) {
            throw new ProviderFailure(ProviderFailure.Kind.CONNECTION, "nothing scripted for " + endpoint.id());
        }
        return b.call(request);
    }
}
