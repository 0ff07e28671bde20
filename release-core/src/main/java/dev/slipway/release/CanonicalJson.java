package dev.slipway.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 (JSON Canonicalization Scheme) via erdtman's {@link JsonCanonicalizer}: object keys sorted by UTF-16 code
 * units, no insignificant whitespace, numbers in ECMAScript form, minimal string escaping. Same content, same bytes.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** Canonical form of a JSON text. */
    public static String canonicalize(String json) {
        try {
            String trimmed = json.strip();
            if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
                // The canonicalizer only accepts an object or array at the top; a scalar is canonicalised in a list.
                String list = new JsonCanonicalizer("[" + trimmed + "]").getEncodedString();
                return list.substring(1, list.length() - 1);
            }
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot canonicalise JSON: " + e.getMessage(), e);
        }
    }

    /** Canonical form of any Jackson-serialisable value (records, {@code JsonNode}s, maps, lists). */
    public static String of(Object value) {
        try {
            return canonicalize(Json.JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** UTF-8 bytes of the canonical form; refuses strings that are not well-formed Unicode (lone surrogates). */
    public static byte[] utf8(Object value) {
        return encodeStrict(of(value));
    }

    /** {@code sha256:} digest of the canonical UTF-8 bytes of the value. */
    public static String digest(Object value) {
        return Digests.sha256(utf8(value));
    }

    static byte[] encodeStrict(String text) {
        // Fast path: the JDK's intrinsic encoder, which replaces an unpaired surrogate with '?'; check it replaced nothing.
        byte[] fast = text.getBytes(StandardCharsets.UTF_8);
        if (fast.length == text.length()) {
            // One byte per char: each char is ASCII or an unpaired surrogate turned into '?'.
            boolean replaced = false;
            for (int i = 0; i < fast.length && !replaced; i++) {
                replaced = fast[i] == '?' && text.charAt(i) != '?';
            }
            if (!replaced) {
                return fast;
            }
        } else if (Text.isWellFormed(text)) {
            return fast;
        }
        try {
            ByteBuffer buffer = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text is not well-formed Unicode (unpaired surrogate)", e);
        }
    }
}
