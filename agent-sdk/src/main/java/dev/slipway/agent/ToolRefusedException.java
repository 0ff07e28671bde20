package dev.slipway.agent;

/** A tool call the release does not permit: it was recorded in the run and not executed. */
public class ToolRefusedException extends RuntimeException {

    private final String tool;

    public ToolRefusedException(String tool, String reason) {
        super(reason);
        this.tool = tool;
    }

    public String tool() {
        return tool;
    }
}
