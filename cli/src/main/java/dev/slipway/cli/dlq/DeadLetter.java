package dev.slipway.cli.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One record of {@code slipway.dead-letter}: who refused which record, why, and its bytes.
 *
 * @param valueSize the original value's length ("null" for none), which may exceed {@code value} when it was cut
 */
public record DeadLetter(Instant at, String consumer, String topic, int partition, long offset, String reason,
        byte[] key, byte[] value, String valueSize) {

    /** The key as text when it is UTF-8 without control characters, else as hex. */
    public String keyText() {
        if (key == null) {
            return "(no key)";
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
            if (text.chars().noneMatch(Character::isISOControl)) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // not text: shown as hex below
        }
        return "0x" + HexFormat.of().formatHex(key, 0, Math.min(key.length, 32)) + (key.length > 32 ? "…" : "");
    }

    public String origin() {
        return topic + "-" + partition + "@" + offset;
    }
}
