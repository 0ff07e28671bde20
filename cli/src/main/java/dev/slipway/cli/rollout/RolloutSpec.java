package dev.slipway.cli.rollout;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What {@code rollout start} asks the router for, apart from the candidate: the plan, guardrails and budgets. */
public record RolloutSpec(List<Step> plan, Guardrails guardrails, Budgets budgets, boolean freezeOnRegression) {

    public RolloutSpec(List<Step> plan, Guardrails guardrails, Budgets budgets) {
        this(plan, guardrails, budgets, false);
    }

    /** One ramp step: the canary's weight, and how long / how many tasks before the judge may move on. */
    public record Step(int weightPercent, int minTasks, Duration minDuration, Duration maxDuration) {
    }

    /** Non-inferiority tolerances of the judge and its false-abort probability. */
    public record Guardrails(double alpha, double successTolerance, double interventionTolerance, double costRatioTolerance) {
    }

    /** Hard spend ceilings: the candidate's total over the rollout, and any single task. */
    public record Budgets(double maxCandidateSpendUsd, double maxTaskSpendUsd) {
    }

    public RolloutSpec {
        plan = List.copyOf(plan);
    }

    /** The request body of {@code POST /api/v1/deployments/{agent}/{env}/rollouts}. */
    public ObjectNode toJson(String candidateDigest) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("candidate", candidateDigest);
        ArrayNode steps = json.putArray("plan");
        for (Step s : plan) {
            steps.addObject()
                    .put("weightPercent", s.weightPercent())
                    .put("minTasks", s.minTasks())
                    .put("minDuration", s.minDuration().toString())
                    .put("maxDuration", s.maxDuration().toString());
        }
        json.putObject("guardrails")
                .put("alpha", guardrails.alpha())
                .put("successTolerance", guardrails.successTolerance())
                .put("interventionTolerance", guardrails.interventionTolerance())
                .put("costRatioTolerance", guardrails.costRatioTolerance());
        json.putObject("budgets")
                .put("maxCandidateSpendUsd", budgets.maxCandidateSpendUsd())
                .put("maxTaskSpendUsd", budgets.maxTaskSpendUsd());
        if (freezeOnRegression) {
            json.put("onRegression", "freeze");
        }
        return json;
    }
}
