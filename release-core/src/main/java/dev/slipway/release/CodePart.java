package dev.slipway.release;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The orchestration code: a repository pinned to a full commit, and optionally the container image built from it,
 * pinned by digest.
 *
 * @param repository where the code lives, e.g. {@code https://git.acme.internal/agents/support-triage.git}
 * @param commit     full 40-hex git commit SHA (never a branch, tag or short SHA)
 * @param image      optional {@code <name>@sha256:<64 hex>}; null when the release has no image
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CodePart(String repository, String commit, String image) {
}
