package dev.slipway.release;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 helpers: a decoded text re-encodes to exactly the bytes it came from. */
final class Text {

    private Text() {
    }

    /**
     * Decodes UTF-8, refusing malformed input. Fast path: the JDK's lenient decoder (vectorised for ASCII) and a scan
     * for U+FFFD, which only malformed input or a literal U+FFFD can produce; only then the strict decoder runs.
     */
    static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** True when the string has no unpaired surrogate, so its UTF-8 encoding is lossless. */
    static boolean isWellFormed(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
