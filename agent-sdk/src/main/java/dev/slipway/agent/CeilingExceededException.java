package dev.slipway.agent;

/** A task crossed one of its {@link TaskCeilings}: it is stopped, and its run names the ceiling. */
public class CeilingExceededException extends RuntimeException {

    private final TaskCeilings.Ceiling ceiling;

    public CeilingExceededException(TaskCeilings.Ceiling ceiling, String message) {
        super(message);
        this.ceiling = ceiling;
    }

    public TaskCeilings.Ceiling ceiling() {
        return ceiling;
    }
}
