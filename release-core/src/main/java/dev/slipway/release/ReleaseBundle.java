package dev.slipway.release;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A release directory packed for the wire: the manifest and exactly the files it references (prompts, tool files,
 * eval suite, eval results), as UTF-8 text by relative path. This is the body the CLI sends to the builder's REST API;
 * the builder loads it with {@code ReleaseLoader.load(bundle.toSource())}.
 *
 * @param manifestName {@code release.yaml}, {@code release.yml} or {@code release.json}
 * @param manifest     the manifest text
 * @param files        every referenced file's text by relative path, sorted by path
 */
public record ReleaseBundle(String manifestName, String manifest, Map<String, String> files) {

    public ReleaseBundle {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
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
        Recording source = new Recording(ReleaseSource.directory(dir));
        ReleaseLoader.load(source, limits);
        Map<String, String> files = new TreeMap<>();
        String manifest = null;
        for (Map.Entry<String, byte[]> file : source.read.entrySet()) {
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

    /** The bundle as a source for {@link ReleaseLoader}. */
    public ReleaseSource toSource() {
        Map<String, byte[]> bytes = new TreeMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        return ReleaseSource.inMemory(manifestName, manifest.getBytes(StandardCharsets.UTF_8), bytes);
    }

    /** Remembers every file successfully read through it. */
    private static final class Recording implements ReleaseSource {
        private final ReleaseSource delegate;
        private final Map<String, byte[]> read = new ConcurrentHashMap<>();

        Recording(ReleaseSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public String manifestName() {
            return delegate.manifestName();
        }

        @Override
        public Optional<byte[]> read(String relativePath) {
            Optional<byte[]> bytes = delegate.read(relativePath);
            bytes.ifPresent(b -> read.put(relativePath, b));
            return bytes;
        }
    }
}
