package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.LoadedRelease;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's release is valid, has the requested shape and is the same for the same seed. */
class ReleaseGeneratorTest {

    @Test
    void generatesAValidDeterministicReleaseOfTheRequestedShape(@TempDir Path a, @TempDir Path b) throws Exception {
        ReleaseGenerator.Generated first = ReleaseGenerator.generate(a, 7, 60, 2 * 1024 * 1024);
        ReleaseGenerator.Generated second = ReleaseGenerator.generate(b, 7, 60, 2 * 1024 * 1024);
        assertThat(first.files()).hasSize(60).doesNotHaveDuplicates();
        assertThat(first.totalBytes()).isBetween(2L * 1024 * 1024 - 4096, 2L * 1024 * 1024 + 4096);
        long onDisk = 0;
        for (String file : first.files()) {
            onDisk += Files.size(a.resolve(file));
        }
        assertThat(onDisk).isEqualTo(first.totalBytes());
        assertThat(first.tools()).isGreaterThan(0);

        LoadedRelease loaded = ReleaseLoader.load(ReleaseSource.directory(a));
        assertThat(loaded.release().prompts()).hasSize(first.prompts());
        assertThat(loaded.release().tools()).hasSize(first.tools());
        assertThat(loaded.evaluate().passed()).isTrue();
        assertThat(ReleaseLoader.load(ReleaseSource.directory(b)).release().digest()).isEqualTo(loaded.release().digest());
    }
}
