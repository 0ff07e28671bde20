package dev.slipway.router;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.slipway.events.CanaryWindow;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.Topics;
import dev.slipway.service.intake.Intake;
import dev.slipway.service.intake.TopicView;
import io.quarkus.runtime.Startup;

/**
 * What an operator watching a deployment wants side by side: its latest rollout ({@code slipway.rollouts}), the
 * latest baseline-vs-canary window ({@code slipway.canary-metrics}) and the last command
 * ({@code slipway.rollout-commands}). Read-only and in memory, rebuilt from the topics at every start by the reader
 * {@code router.rollout-board}. A tombstone on the compacted rollouts topic forgets the deployment's rollout record.
 */
@Startup
@ApplicationScoped
public class RolloutBoard {

    private final Map<String, RolloutStarted> rollouts = new ConcurrentHashMap<>();
    private final Map<String, CanaryWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, RolloutCommand> commands = new ConcurrentHashMap<>();

    public RolloutBoard(Intake intake) {
        intake.read("rollout-board", reader -> reader
                .read(intake.gate(Topics.ROLLOUTS), TopicView.of(rollouts::put, rollouts::remove))
                .read(intake.gate(Topics.CANARY_METRICS), TopicView.events(w -> windows.put(w.getDeployment(), w)))
                .read(intake.gate(Topics.ROLLOUT_COMMANDS), TopicView.events(c -> commands.put(c.getDeployment(), c))));
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
}
