package dev.slipway.release;

import java.util.Optional;

/**
 * A release as loaded from its manifest, with the eval suite and gate settings the manifest names.
 *
 * @param release       the validated release
 * @param evalSuite     the suite the release is gated on
 * @param evalThreshold the mean score the release needs, in [0, 1]
 * @param evalResults   scores already produced for the suite, when the manifest names a results file
 */
public record LoadedRelease(Release release, EvalSuite evalSuite, double evalThreshold, Optional<EvalResults> evalResults) {

    /**
     * Runs the eval gate on the results the manifest names.
     *
     * @throws ReleaseValidationException when the manifest names no results, or they do not match the suite
     */
    public EvalReport evaluate() {
        EvalResults results = evalResults.orElseThrow(() -> new ReleaseValidationException("evals.results",
                "the manifest names no eval results; run suite " + evalSuite.name() + " first"));
        return EvalGate.evaluate(evalSuite, evalThreshold, results);
    }
}
