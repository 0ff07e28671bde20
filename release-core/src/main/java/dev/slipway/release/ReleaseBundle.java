package dev.slipway.release;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A release directory packed for the wire: the manifest and exactly the files it references (prompts, tool files,
 * eval suite, eval results), as UTF-8 text by relative path. This is the body the CLI sends to the builder's REST API;
 * the builder loads it with {@code ReleaseLoader.load(bundle.toSource())}.
 *
 * @param manifestName {@code release.yaml}, {@code release.yml} or {@code release.json}
 * @param manifest     the manifest text
 * @param files        every referenced file's text by relative path, sorted by path
 */
public record ReleaseBundle(@JsonDeserialize(using = StrictText.class) String manifestName,
        @JsonDeserialize(using = StrictText.class) String manifest,
        @JsonDeserialize(contentUsing = StrictText.class) Map<String, String> files) {

    /** The manifest names a bundle may carry: the file sits at the root of the release. */
    public static final java.util.Set<String> MANIFEST_NAMES = java.util.Set.of("release.yaml", "release.yml", "release.json");

    public ReleaseBundle {
        // Missing parts are reported, field by field, by toSource(): a bundle is built from any body the API receives.
        files = files == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /**
     * Packs a release directory. The release is loaded and validated on the way, so a broken release is refused
     * here, before anything is sent, with the same violations the builder would report.
     *
     * @throws ReleaseValidationException listing every violation
     */
    public static ReleaseBundle fromDirectory(Path dir) {
        return fromDirectory(dir, ReleaseLimits.DEFAULT);
    }

    public static ReleaseBundle fromDirectory(Path dir, ReleaseLimits limits) {
        ReadLog source = new ReadLog(ReleaseSource.directory(dir));
        ReleaseLoader.load(source, limits);
        Map<String, String> files = new TreeMap<>();
        String manifest = null;
        for (Map.Entry<String, byte[]> file : source.files().entrySet()) {
            String text;
            try {
                text = Text.decodeUtf8(file.getValue());
            } catch (CharacterCodingException e) {
                throw new ReleaseValidationException(file.getKey(), "not valid UTF-8");
            }
            if (file.getKey().equals(source.manifestName())) {
                manifest = text;
            } else {
                files.put(file.getKey(), text);
            }
        }
        return new ReleaseBundle(source.manifestName(), manifest, files);
    }

    /**
     * The bundle as a source for {@link ReleaseLoader}.
     *
     * @throws ReleaseValidationException naming each missing part ({@code manifestName}, {@code manifest},
     *                                    {@code files['<path>']}) and each text that is not well-formed Unicode (an
     *                                    unpaired surrogate would otherwise be signed as '?')
     */
    public ReleaseSource toSource() {
        return toSource(ReleaseLimits.DEFAULT);
    }

    /**
     * The bundle as a source for {@link ReleaseLoader}, refused at once — before any parsing — when its texts together
     * exceed {@link ReleaseLimits#maxReleaseBytes()}.
     */
    public ReleaseSource toSource(ReleaseLimits limits) {
        Violations out = new Violations();
        if (manifestName == null) {
            out.add("manifestName", "required: release.yaml, release.yml or release.json");
        } else if (!MANIFEST_NAMES.contains(manifestName)) {
            out.add("manifestName", "must be release.yaml, release.yml or release.json, was '" + manifestName + "'");
        }
        byte[] manifestBytes = null;
        if (manifest == null) {
            out.add("manifest", "required: the manifest's text");
        } else {
            manifestBytes = strictUtf8(manifest, "manifest", out);
        }
        Map<String, byte[]> bytes = new TreeMap<>();
        files.forEach((path, text) -> {
            String field = "files['" + path + "']";
            if (text == null) {
                out.add(field, "required: the file's text");
            } else {
                bytes.put(path, strictUtf8(text, field, out));
            }
        });
        long total = (manifestBytes == null ? 0 : manifestBytes.length)
                + bytes.values().stream().mapToLong(b -> b.length).sum();
        if (total > limits.maxReleaseBytes()) {
            out.add("release", "the manifest and files total " + total + " bytes, over the release size limit of "
                    + ReleaseLimits.inWords(limits.maxReleaseBytes()));
        }
        out.throwIfAny();
        return ReleaseSource.inMemory(manifestName, manifestBytes, bytes);
    }

    private static byte[] strictUtf8(String text, String field, Violations out) {
        if (Text.isWellFormed(text)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        out.add(field, "contains an unpaired surrogate (a \\ud800-style escape on its own): not Unicode text");
        return new byte[0];
    }

    /** Only JSON strings (or null, reported later) are text: a number or object is not coerced into one. */
    static final class StrictText extends StdDeserializer<String> {
        StrictText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws java.io.IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            return (String) ctxt.handleUnexpectedToken(String.class, p.currentToken(), p,
                    "must be a string (the file's text), was %s", describe(p.currentToken()));
        }

        private static String describe(JsonToken token) {
            return switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                default -> String.valueOf(token);
            };
        }
    }
}
