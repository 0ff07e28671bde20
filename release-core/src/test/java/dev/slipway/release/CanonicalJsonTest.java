package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 8785 behaviour the digests rely on, with vectors from the RFC. */
class CanonicalJsonTest {

    @Test
    void sortsKeysByUtf16CodeUnitsAndDropsWhitespace() {
        // RFC 8785 section 3.2.3 sorting example.
        String input = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
                + " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\", \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";
        assertThat(CanonicalJson.canonicalize(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"\uD83D\uDE00\":\"Emoji: Grinning Face\","
                + "\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void writesNumbersInEcmaScriptForm() {
        assertThat(CanonicalJson.canonicalize("[1.0, 1e21, 1e-7, 0.000001, -0, 1E+2, 333333333.33333329, 4.50]"))
                .isEqualTo("[1,1e+21,1e-7,0.000001,0,100,333333333.3333333,4.5]");
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        assertThat(CanonicalJson.canonicalize("\"\\u0041\\u000f\\/\\\"\\\\\\n\u00e9\""))
                .isEqualTo("\"A\\u000f/\\\"\\\\\\né\"");
    }

    @Test
    void refusesMalformedJson() {
        assertThatThrownBy(() -> CanonicalJson.canonicalize("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesUnpairedSurrogatesWhenEncoding() {
        assertThatThrownBy(() -> CanonicalJson.utf8("\uD800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surrogate");
    }
}
