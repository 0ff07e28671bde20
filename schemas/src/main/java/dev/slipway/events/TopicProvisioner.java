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
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalogue's topics that do not exist yet, with their cleanup policy and record limit. Existing topics are
 * left as they are — changing partitions or retention of a live topic is an operator's decision, not a service
 * start-up's — except that a record limit below the topic's contract is raised to it.
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

    /**
     * Creates the missing ones with their cleanup policy and record limit; returns the names of the topics it
     * created. An existing topic whose record limit is below what its contract states is raised to it: the producers
     * of that topic are configured for the stated limit, and a lower one would refuse records they accept.
     */
    public List<String> ensure(Collection<Topic<?>> topics) {
        Map<String, Map<String, String>> configs = new java.util.LinkedHashMap<>();
        for (Topic<?> t : topics) {
            Map<String, String> c = new java.util.HashMap<>(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, t.cleanupPolicy()));
            if (t.maxRecordBytes() > 0) {
                c.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(t.maxMessageBytes()));
            }
            if (Topics.RETAINED_FOREVER.contains(t.name())) {
                c.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
            }
            configs.put(t.name(), c);
        }
        List<String> created = create(configs);
        raiseRecordLimits(topics.stream().filter(t -> t.maxRecordBytes() > 0 && !created.contains(t.name())).toList());
        return created;
    }

    /** Creates the missing ones of the given topic names with their cleanup policies; returns the ones created. */
    public List<String> ensureNamed(Map<String, String> cleanupPolicyByTopic) {
        Map<String, Map<String, String>> configs = new java.util.LinkedHashMap<>();
        cleanupPolicyByTopic.forEach((name, policy) -> configs.put(name, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, policy)));
        return create(configs);
    }

    private List<String> create(Map<String, Map<String, String>> configsByTopic) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (var topic : configsByTopic.entrySet()) {
                if (!existing.contains(topic.getKey())) {
                    missing.add(new NewTopic(topic.getKey(), partitions, replicationFactor).configs(topic.getValue()));
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
            throw new IllegalStateException("could not create topics " + configsByTopic.keySet(), e);
        }
    }

    private void raiseRecordLimits(List<Topic<?>> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try {
            Map<ConfigResource, Topic<?>> byResource = new java.util.HashMap<>();
            topics.forEach(t -> byResource.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), t));
            Map<ConfigResource, Config> current = admin.describeConfigs(byResource.keySet()).all().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> raise = new java.util.HashMap<>();
            current.forEach((resource, config) -> {
                Topic<?> topic = byResource.get(resource);
                ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                long limit = entry == null || entry.value() == null ? 0 : Long.parseLong(entry.value());
                if (limit < topic.maxMessageBytes()) {
                    raise.put(resource, List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            String.valueOf(topic.maxMessageBytes())), AlterConfigOp.OpType.SET)));
                }
            });
            if (!raise.isEmpty()) {
                admin.incrementalAlterConfigs(raise).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking record limits", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not raise the record limit of "
                    + topics.stream().map(Topic::name).toList(), e);
        }
    }
}
