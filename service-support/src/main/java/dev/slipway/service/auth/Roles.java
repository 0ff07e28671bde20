package dev.slipway.service.auth;

/**
 * The roles a Slipway token may carry (its {@code groups} claim). Reads are open to every role but {@link #CLIENT}, whose
 * holder only submits tasks; each mutating endpoint names the roles that may call it.
 */
public final class Roles {

    /** Builds releases and requests promotions. */
    public static final String AUTHOR = "author";
    /** Approves promotions (never of a release they built). */
    public static final String APPROVER = "approver";
    /** Approves promotions whose model part differs from the target's stable release. */
    public static final String MODEL_GOVERNOR = "model-governor";
    /** Starts, pauses, resumes and rolls back rollouts; sets budgets. */
    public static final String OPERATOR = "operator";
    /** Reads. */
    public static final String VIEWER = "viewer";
    /** Submits tasks to a deployment, nothing else: an agent's caller cannot move pointers. */
    public static final String CLIENT = "client";

    private Roles() {
    }
}
