package dev.slipway.cli.promotion;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.Output;
import dev.slipway.cli.client.BuilderClient;

/** {@code promote}, {@code approve}, {@code reject}, {@code promotions}: the builder's promotion API, printed. */
public final class PromotionService {

    private final BuilderClient builder;
    private final Output out;

    public PromotionService(BuilderClient builder, Output out) {
        this.builder = builder;
        this.out = out;
    }

    public static PromotionService create(CliContext ctx) {
        return new PromotionService(ctx.builder(Duration.ofSeconds(60)), ctx.output());
    }

    /** The promotion service a command works through (a test's, when it put one in). */
    public static PromotionService of(CliContext ctx) {
        return ctx.service(PromotionService.class, PromotionService::create);
    }

    /** @return OK once it completed, PENDING_EXIT while it waits for approvals or an evaluation, FAILED otherwise */
    public int promote(String release, String to, Optional<JsonNode> rollout) {
        return print(builder.requestPromotion(release, to, rollout).body());
    }

    public int decide(String promotionId, boolean approve, Optional<String> comment) {
        return print(builder.decide(promotionId, approve, comment).body());
    }

    public int show(String promotionId) {
        return print(builder.promotion(promotionId).body());
    }

    public int list(boolean pendingOnly) {
        JsonNode all = builder.promotions(pendingOnly).body();
        if (out.json()) {
            out.printJson(all);
            return ExitCodes.OK;
        }
        if (all.isEmpty()) {
            out.line(pendingOnly ? "no promotion is waiting" : "no promotions yet");
        }
        all.forEach(p -> PromotionRenderer.summary(p, out.styles()).forEach(out::line));
        return ExitCodes.OK;
    }

    private int print(JsonNode promotion) {
        if (out.json()) {
            out.printJson(promotion);
        } else {
            PromotionRenderer.detail(promotion, out.styles()).forEach(out::line);
        }
        return switch (promotion.path("status").asText()) {
            case "COMPLETED" -> ExitCodes.OK;
            case "PENDING" -> ExitCodes.OK;
            default -> ExitCodes.FAILED;
        };
    }
}
