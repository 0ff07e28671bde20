package dev.slipway.release;

import java.nio.charset.StandardCharsets;

/**
 * A named prompt text. The text is kept exactly as read: whitespace and line endings are part of the content.
 *
 * @param name the prompt's name, e.g. {@code system}
 * @param text the full text
 */
public record Prompt(String name, String text) {

    /**
     * {@code sha256:} digest of the text's UTF-8 bytes, encoded on every call. A {@link Release} keeps the digests of
     * its prompts; prefer {@link Release#promptDigest(String)}.
     */
    public String digest() {
        return Digests.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
