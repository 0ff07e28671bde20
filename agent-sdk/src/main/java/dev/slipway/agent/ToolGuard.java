package dev.slipway.agent;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.slipway.release.Tool;

/**
 * Deny by default: a tool call is allowed only when the release grants that tool, every scope the call needs is
 * among the tool's scopes, and the task has not used up the tool's per-task call limit. Plain decision logic; the
 * {@link TaskRun} records each decision and never executes a refused call.
 */
public final class ToolGuard {

    private final Map<String, Tool> granted;

    public ToolGuard(Map<String, Tool> granted) {
        this.granted = Map.copyOf(granted);
    }

    /** The decision for one call. */
    public sealed interface Decision {
        record Allowed(Tool tool) implements Decision {
        }

        record Refused(String reason) implements Decision {
        }
    }

    /**
     * @param tool          the tool the agent wants to call
     * @param scopes        the permission scopes the call needs, e.g. {@code tickets:write}
     * @param callsThisTask how many calls of this tool the task has made so far (allowed ones)
     */
    public Decision decide(String tool, Collection<String> scopes, int callsThisTask) {
        Tool grant = granted.get(tool);
        if (grant == null) {
            return new Decision.Refused("tool '" + tool + "' is not in the release (granted: "
                    + String.join(", ", new TreeSet<>(granted.keySet())) + ")");
        }
        Set<String> missing = new TreeSet<>(scopes);
        missing.removeAll(grant.scopes());
        if (!missing.isEmpty()) {
            return new Decision.Refused("tool '" + tool + "' is not granted scope " + String.join(", ", missing)
                    + " (granted: " + String.join(", ", grant.scopes()) + ")");
        }
        if (callsThisTask >= grant.maxCallsPerTask()) {
            return new Decision.Refused("tool '" + tool + "' has been called " + callsThisTask + " times in this task, "
                    + "its limit per task");
        }
        return new Decision.Allowed(grant);
    }
}
