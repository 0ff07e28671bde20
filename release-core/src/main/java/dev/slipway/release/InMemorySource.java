package dev.slipway.release;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A release held in memory, as received by the builder. */
final class InMemorySource implements ReleaseSource {

    private final String manifestName;
    private final byte[] manifest;
    private final Map<String, byte[]> files;

    InMemorySource(String manifestName, byte[] manifest, Map<String, byte[]> files) {
        this.manifestName = Objects.requireNonNull(manifestName, "manifestName");
        RelativePaths.check(manifestName);
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.files = Map.copyOf(files);
    }

    @Override
    public String manifestName() {
        return manifestName;
    }

    @Override
    public Optional<byte[]> read(String relativePath, long maxBytes) {
        RelativePaths.check(relativePath);
        byte[] bytes = relativePath.equals(manifestName) ? manifest : files.get(relativePath);
        if (bytes != null && bytes.length > maxBytes) {
            throw new TooLargeException(relativePath, bytes.length);
        }
        return Optional.ofNullable(bytes);
    }

    @Override
    public String toString() {
        return "in-memory release (" + manifestName + ", " + files.size() + " files)";
    }
}
