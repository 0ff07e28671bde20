package dev.slipway.cli;

/** Exit statuses of the {@code slipway} command. */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** The command ran and failed: the builder or router refused (problem response), a component did not start, … */
    public static final int FAILED = 1;
    /** Bad usage (unknown verb, missing or malformed argument), or the builder / router could not be reached at all. */
    public static final int USAGE = 2;
    /** Same code as {@link #USAGE}: nothing was done because the builder or router is not there. */
    public static final int UNREACHABLE = 2;
    /** {@code status}: the local stack is not (fully) running. */
    public static final int NOT_RUNNING = 3;

    private ExitCodes() {
    }
}
