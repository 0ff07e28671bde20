package dev.slipway.router;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.slipway.events.CanaryWindow;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutStarted;
import dev.slipway.service.UndecodableRecords;

/**
 * What an operator watching a deployment wants side by side: its latest rollout ({@code slipway.rollouts}), the
 * latest baseline-vs-canary window ({@code slipway.canary-metrics}) and the last command
 * ({@code slipway.rollout-commands}). Read-only and in memory, rebuilt from the topics at start.
 */
@ApplicationScoped
public class RolloutBoard {

    private final Map<String, RolloutStarted> rollouts = new ConcurrentHashMap<>();
    private final Map<String, CanaryWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, RolloutCommand> commands = new ConcurrentHashMap<>();

    @Incoming("rollouts-in")
    public CompletionStage<Void> rollout(Message<RolloutStarted> message) {
        return keep(message, rollouts, RolloutStarted::getDeployment);
    }

    @Incoming("windows-in")
    public CompletionStage<Void> window(Message<CanaryWindow> message) {
        return keep(message, windows, CanaryWindow::getDeployment);
    }

    @Incoming("commands-in")
    public CompletionStage<Void> command(Message<RolloutCommand> message) {
        return keep(message, commands, RolloutCommand::getDeployment);
    }

    public Optional<RolloutStarted> rollout(String deployment) {
        return Optional.ofNullable(rollouts.get(deployment));
    }

    public Optional<CanaryWindow> window(String deployment) {
        return Optional.ofNullable(windows.get(deployment));
    }

    public Optional<RolloutCommand> lastCommand(String deployment) {
        return Optional.ofNullable(commands.get(deployment));
    }

    private static <T> CompletionStage<Void> keep(Message<T> message, Map<String, T> into,
            java.util.function.Function<T, String> deployment) {
        if (UndecodableRecords.isUndecodable(message)) {
            return message.nack(new IllegalArgumentException("undecodable record"));
        }
        if (message.getPayload() != null) {
            into.put(deployment.apply(message.getPayload()), message.getPayload());
        }
        return message.ack();
    }
}
