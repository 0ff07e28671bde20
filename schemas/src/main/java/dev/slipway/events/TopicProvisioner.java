package dev.slipway.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalogue's topics that do not exist yet, with their cleanup policy. Existing topics are left as they
 * are: changing partitions or retention of a live topic is an operator's decision, not a service start-up's.
 */
public final class TopicProvisioner {

    private final Admin admin;
    private final int partitions;
    private final short replicationFactor;

    public TopicProvisioner(Admin admin, int partitions, short replicationFactor) {
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /**
     * Creates every missing topic of the catalogue, and the dead-letter topic, through a short-lived admin client;
     * returns the ones created.
     */
    public static List<String> ensureAll(String bootstrapServers, int partitions, short replicationFactor) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, partitions, replicationFactor);
            List<String> created = new ArrayList<>(provisioner.ensure(Topics.ALL));
            created.addAll(provisioner.ensureNamed(Map.of(Topics.DEAD_LETTER, "delete")));
            return created;
        }
    }

    /** Returns the names of the topics it created. */
    public List<String> ensure(Collection<Topic<?>> topics) {
        Map<String, String> policies = new java.util.LinkedHashMap<>();
        topics.forEach(t -> policies.put(t.name(), t.cleanupPolicy()));
        return ensureNamed(policies);
    }

    /** Creates the missing ones of the given topic names with their cleanup policies; returns the ones created. */
    public List<String> ensureNamed(Map<String, String> cleanupPolicyByTopic) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (var topic : cleanupPolicyByTopic.entrySet()) {
                if (!existing.contains(topic.getKey())) {
                    missing.add(new NewTopic(topic.getKey(), partitions, replicationFactor)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, topic.getValue())));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    // Another service created it between our list and create: that is the outcome we wanted.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + cleanupPolicyByTopic.keySet(), e);
        }
    }
}
