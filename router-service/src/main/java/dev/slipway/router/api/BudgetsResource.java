package dev.slipway.router.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.slipway.service.auth.Roles;
import dev.slipway.router.budget.BudgetBoard;

/** {@code GET /api/v1/budgets}: every budgeted deployment with spend, reserved and remaining now. */
@Path("/api/v1/budgets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.AUTHOR, Roles.APPROVER, Roles.MODEL_GOVERNOR, Roles.OPERATOR})
public class BudgetsResource {

    private final BudgetBoard board;
    private final BudgetResource budgets;

    public BudgetsResource(BudgetBoard board, BudgetResource budgets) {
        this.board = board;
        this.budgets = budgets;
    }

    @GET
    public List<BudgetResource.BudgetView> all() {
        return board.statuses().stream().map(s -> budgets.view(board.budget(s.deployment()).orElseThrow())).toList();
    }
}
