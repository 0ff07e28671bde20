package dev.slipway.release;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a release's manifest and the files it references come from: a directory on disk (the CLI, the benchmark) or
 * bytes received over the wire (the builder's REST API). Implementations must be safe for concurrent reads.
 */
public interface ReleaseSource {

    /** The manifest's file name, e.g. {@code release.yaml} or {@code release.json}; its extension picks the parser. */
    String manifestName();

    /**
     * The bytes of a file, by a {@code /}-separated path relative to the release root; empty when there is no such
     * file. A file larger than {@code maxBytes} is refused before it is read, so a huge (or sparse) file never reaches
     * memory. The returned array must not be modified.
     *
     * @throws UnsafePathException when the path is absolute, contains {@code ..}, or resolves outside the release root
     * @throws TooLargeException when the file is larger than {@code maxBytes}
     * @throws java.io.UncheckedIOException when the file exists but cannot be read
     */
    Optional<byte[]> read(String relativePath, long maxBytes);

    /**
     * A release directory. The manifest is {@code release.yaml}, {@code release.yml} or {@code release.json},
     * whichever exists (more than one is refused as ambiguous). Symbolic links are followed only while they stay
     * inside the directory.
     */
    static ReleaseSource directory(Path dir) {
        return new DirectorySource(dir);
    }

    /**
     * A release held in memory, e.g. a bundle received by the builder.
     *
     * @param files referenced files by relative path; arrays are used as given, not copied
     */
    static ReleaseSource inMemory(String manifestName, byte[] manifest, Map<String, byte[]> files) {
        return new InMemorySource(manifestName, manifest, files);
    }

    /** A file over the size limit it was read with; nothing of it was kept. */
    final class TooLargeException extends RuntimeException {
        private final long size;

        public TooLargeException(String path, long size) {
            super("'" + path + "' is " + size + " bytes");
            this.size = size;
        }

        /** The file's size, or a lower bound of it when it grew while being read. */
        public long size() {
            return size;
        }
    }

    /** A path that would read outside the release root. */
    final class UnsafePathException extends RuntimeException {
        public UnsafePathException(String path, String reason) {
            super("'" + path + "' " + reason);
        }
    }
}
