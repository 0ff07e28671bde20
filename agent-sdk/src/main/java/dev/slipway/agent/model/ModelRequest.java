package dev.slipway.agent.model;

import java.util.List;

/** A chat request: messages in order, and the most output tokens the caller accepts. */
public record ModelRequest(List<Message> messages, int maxOutputTokens) {

    public ModelRequest {
        messages = List.copyOf(messages);
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be at least 1");
        }
    }

    public record Message(String role, String content) {
    }
}
