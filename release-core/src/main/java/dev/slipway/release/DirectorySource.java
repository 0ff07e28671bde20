package dev.slipway.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A release directory on disk. Reads never leave the directory, through {@code ..} or through symbolic links. */
final class DirectorySource implements ReleaseSource {

    static final List<String> MANIFEST_NAMES = List.of("release.yaml", "release.yml", "release.json");

    private final Path root;
    private final String manifestName;

    DirectorySource(Path dir) {
        try {
            this.root = dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("release directory " + dir + " cannot be opened", e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        List<String> present = new ArrayList<>();
        for (String name : MANIFEST_NAMES) {
            if (Files.exists(root.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                present.add(name);
            }
        }
        if (present.size() > 1) {
            throw new IllegalArgumentException("ambiguous release directory " + dir + ": both " + String.join(" and ", present));
        }
        this.manifestName = present.isEmpty() ? MANIFEST_NAMES.get(0) : present.get(0);
    }

    Path root() {
        return root;
    }

    @Override
    public String manifestName() {
        return manifestName;
    }

    @Override
    public Optional<byte[]> read(String relativePath, long maxBytes) {
        RelativePaths.check(relativePath);
        Path real;
        try {
            real = root.resolve(relativePath).toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + relativePath, e);
        }
        if (!real.startsWith(root)) {
            throw new UnsafePathException(relativePath, "resolves outside the release directory (symbolic link)");
        }
        if (!Files.isRegularFile(real)) {
            throw new UnsafePathException(relativePath, "is not a regular file");
        }
        try (InputStream in = Files.newInputStream(real)) {
            long size = Files.size(real);
            if (size > maxBytes) {
                throw new TooLargeException(relativePath, size);
            }
            // The file may grow between the size check and the read: never read more than the limit and one byte.
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) {
                throw new TooLargeException(relativePath, bytes.length);
            }
            return Optional.of(bytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relativePath, e);
        }
    }

    @Override
    public String toString() {
        return "directory " + root;
    }
}
