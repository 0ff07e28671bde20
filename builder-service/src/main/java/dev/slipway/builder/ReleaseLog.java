package dev.slipway.builder;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.ReleaseLabelBound;
import dev.slipway.events.Topics;
import dev.slipway.service.intake.Intake;
import dev.slipway.service.intake.TopicView;
import io.quarkus.runtime.Startup;

/**
 * The builder's release log: writes {@code slipway.releases} (key digest) and {@code slipway.release-labels} (key
 * agent@label) through the {@link EventWriter}, and reads both back from the beginning into the {@link ReleaseCatalog} through a {@link dev.slipway.service.intake.TopicReader}
 * ({@code builder.release-log}), so the query state is a function of the topics alone: no consumer group, no
 * committed offsets, the whole state rebuilt at every start, the service ready only once it has read up to the end
 * offsets it saw at start-up. A record that breaks its topic's contract is dead-lettered (once) and skipped; a
 * tombstone withdraws a release or unbinds a label, as compaction will.
 */
@Startup
@ApplicationScoped
public class ReleaseLog {

    private final ReleaseCatalog catalog;
    private final EventWriter writer;

    @Inject
    public ReleaseLog(ReleaseCatalog catalog, Intake intake, EventWriter writer) {
        this.catalog = catalog;
        this.writer = writer;
        intake.read("release-log", reader -> reader
                .read(intake.gate(Topics.RELEASES), TopicView.of((digest, release) -> catalog.add(release),
                        catalog::withdraw))
                .read(intake.gate(Topics.RELEASE_LABELS), TopicView.of((label, binding) -> catalog.bind(binding),
                        catalog::unbind)));
    }

    /**
     * The encoded size of a release record against the record limit of {@code slipway.releases}: a release that
     * passed the release-core limits fits by design; this is checked before publishing so that a release that does not
     * is refused (413), never sent to fail on the broker.
     *
     * @throws ProblemException 413 naming the record limit
     */
    public static void requireFits(ReleaseBuilt release) {
        long size;
        try {
            // The registry's framing (magic byte and a content id) and the key are small beside the slack left here.
            size = release.toByteBuffer().remaining() + release.getDigest().length() + RECORD_FRAMING_BYTES;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int limit = Topics.RELEASES.recordLimit();
        if (size > limit) {
            throw new ProblemException(413, "release-too-large", "Release too large",
                    "the release encodes to " + size + " bytes, over the release record limit of "
                            + dev.slipway.release.ReleaseLimits.inWords(limit) + " on " + Topics.RELEASES.name(),
                    List.of(new dev.slipway.service.Problem.Violation("release", "encodes to " + size
                            + " bytes; the limit is " + dev.slipway.release.ReleaseLimits.inWords(limit))));
        }
    }

    private static final int RECORD_FRAMING_BYTES = 1024;

    /** Publishes a release and waits for the broker's acknowledgement before the catalog shows it. */
    public void publish(ReleaseBuilt release) {
        writer.send(Topics.RELEASES, release.getDigest(), release);
        catalog.add(release);
    }

    /** Publishes a label binding and waits for the broker's acknowledgement before the catalog shows it. */
    public void publish(ReleaseLabelBound binding) {
        writer.send(Topics.RELEASE_LABELS, ReleaseCatalog.labelKey(binding.getAgent(), binding.getLabel()), binding);
        catalog.bind(binding);
    }
}
