/**
 * The canary verdict: breakers, anytime-valid non-inferiority tests and the ramp plan, as pure functions over plain
 * records ({@link dev.slipway.canary.judge.Judge#evaluate(JudgeInput)}).
 *
 * <p>Nothing in this package imports Kafka, Quarkus, Jakarta or the Avro event classes: the Streams topology maps
 * {@code CanaryWindow}/{@code RolloutStarted} to {@link dev.slipway.canary.judge.JudgeInput} and the
 * {@link dev.slipway.canary.judge.Verdict} back to a {@code RolloutCommand}/{@code Alert}. The boundary is checked by
 * {@code JudgeBoundaryTest}; the method is described in {@code docs/canary-judge.md}.
 */
package dev.slipway.canary.judge;
