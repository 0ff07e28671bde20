package dev.slipway.release;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source that remembers what was read through it: every file by path, and the bytes of every read (a file read
 * twice counts twice, as it stands twice in the release). Safe for the loader's parallel reads.
 */
final class ReadLog implements ReleaseSource {

    private final ReleaseSource delegate;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicLong totalBytes = new AtomicLong();

    ReadLog(ReleaseSource delegate) {
        this.delegate = delegate;
    }

    /** The files read, by path. */
    Map<String, byte[]> files() {
        return files;
    }

    long totalBytes() {
        return totalBytes.get();
    }

    @Override
    public String manifestName() {
        return delegate.manifestName();
    }

    @Override
    public Optional<byte[]> read(String relativePath, long maxBytes) {
        Optional<byte[]> bytes = delegate.read(relativePath, maxBytes);
        bytes.ifPresent(b -> {
            files.put(relativePath, b);
            totalBytes.addAndGet(b.length);
        });
        return bytes;
    }
}
