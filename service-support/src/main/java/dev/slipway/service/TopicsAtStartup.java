package dev.slipway.service;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.slipway.events.TopicProvisioner;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the catalogue's missing topics (and the dead-letter topic) before the channels subscribe, whatever the
 * start order of the services, so no consumer ever meets an auto-created topic with the wrong cleanup policy.
 */
class TopicsAtStartup {

    private static final Logger LOG = Logger.getLogger(TopicsAtStartup.class);

    void onStart(@Observes StartupEvent start,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "slipway.topics.partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = "slipway.topics.replication-factor", defaultValue = "1") short replicationFactor) {
        var created = TopicProvisioner.ensureAll(bootstrap, partitions, replicationFactor);
        if (!created.isEmpty()) {
            LOG.infof("created topics %s", created);
        }
    }
}
