package dev.slipway.agent.model;

/** A provider's answer and the tokens it counted. */
public record ModelReply(String content, long inputTokens, long outputTokens) {
}
