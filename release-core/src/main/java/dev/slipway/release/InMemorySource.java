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
    public Optional<byte[]> read(String relativePath) {
        RelativePaths.check(relativePath);
        if (relativePath.equals(manifestName)) {
            return Optional.of(manifest);
        }
        return Optional.ofNullable(files.get(relativePath));
    }

    @Override
    public String toString() {
        return "in-memory release (" + manifestName + ", " + files.size() + " files)";
    }
}
