package dev.slipway.router.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.router.stream.RouterTopology;
import dev.slipway.service.ReleaseTrust;

/** The releases the router knows, from the topology's global store of {@code slipway.releases}. */
@ApplicationScoped
public class KnownReleases {

    private final KafkaStreams streams;
    private final ReleaseTrust trust;

    public KnownReleases(KafkaStreams streams,
            @ConfigProperty(name = "slipway.trust.key-ids") Optional<List<String>> trustedKeyIds) {
        this.streams = streams;
        this.trust = new ReleaseTrust(Set.copyOf(trustedKeyIds.orElse(List.of())));
    }

    /** The release, if it is published and verifies (content digest, signature, trusted key). */
    public Optional<ReleaseBuilt> trusted(String digest) {
        try {
            ReadOnlyKeyValueStore<String, ReleaseBuilt> store = streams.store(StoreQueryParameters.fromNameAndType(
                    RouterTopology.RELEASES_STORE, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(digest)).filter(release -> trust.verify(release).verified());
        } catch (InvalidStateStoreException e) {
            throw Problems.of(503, "not-ready", "Router not ready", "the release store is not available yet: "
                    + e.getMessage(), null, List.of());
        }
    }
}
