package dev.slipway.agent;

import java.util.Objects;

/**
 * Where a task came from: the deployment and arm the router chose, the route epoch, the task key, and the task's input
 * exactly as received (its digest is recorded, the input itself only when capture is on).
 */
public record TaskContext(String deployment, Arm arm, long epoch, String taskKey, byte[] input) {

    /** Which side of a rollout the task was routed to. */
    public enum Arm {
        STABLE, BASELINE, CANARY
    }

    public TaskContext {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(taskKey, "taskKey");
        input = input == null ? new byte[0] : input.clone();
    }
}
