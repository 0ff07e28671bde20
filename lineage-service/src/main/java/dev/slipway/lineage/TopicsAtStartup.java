package dev.slipway.lineage;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.events.TopicProvisioner;
import io.quarkus.runtime.StartupEvent;

/** Creates the catalogue's missing topics before the channels subscribe, so none is auto-created with the wrong policy. */
class TopicsAtStartup {

    void onStart(@Observes StartupEvent start,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "slipway.topics.partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = "slipway.topics.replication-factor", defaultValue = "1") short replicationFactor) {
        TopicProvisioner.ensureAll(bootstrap, partitions, replicationFactor);
    }
}
