package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Part-level diff: one test per part kind, plus no change. */
class ReleaseDiffTest {

    private static final Release BASE = Fixtures.release();

    private static Release release(CodePart code, ModelPart model, List<Prompt> prompts, List<Tool> tools, IndexPart index) {
        return new Release("demo", code, model, prompts, tools, index);
    }

    @Test
    void identicalReleasesHaveAnEmptyDiff() {
        ReleaseDiff diff = ReleaseDiff.between(BASE, Release.fromCanonicalJson(BASE.toCanonicalJson()));
        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.changedParts()).isEmpty();
        assertThat(diff.changes()).isEmpty();
        assertThat(diff.fromDigest()).isEqualTo(diff.toDigest()).isEqualTo(BASE.digest());
        assertThat(diff.render(false)).contains("no changes");
    }

    @Test
    void codeChangesShowOldAndNewPins() {
        String commit = "1111111111111111111111111111111111111111";
        Release to = release(new CodePart(Fixtures.code().repository(), commit, null), Fixtures.model(), Fixtures.prompts(),
                Fixtures.tools(), Fixtures.index());
        ReleaseDiff diff = ReleaseDiff.between(BASE, to);
        assertThat(diff.changedParts()).containsExactly(Part.CODE);
        assertThat(diff.changes()).singleElement().isInstanceOfSatisfying(Change.CodeChange.class, c ->
                assertThat(c.fields()).containsExactly(
                        new Change.FieldChange("commit", Fixtures.COMMIT, commit),
                        new Change.FieldChange("image", Fixtures.IMAGE, null)));
        assertThat(diff.render(false)).contains("== code ==", "- commit: " + Fixtures.COMMIT, "+ commit: " + commit,
                "- image: " + Fixtures.IMAGE);
    }

    @Test
    void modelChangesShowPinsAndParametersAddedRemovedAndChanged() {
        TreeMap<String, JsonNode> parameters = new TreeMap<>();
        parameters.put("temperature", Fixtures.json("0.7"));
        parameters.put("top_p", Fixtures.json("0.9"));
        Release to = release(Fixtures.code(), new ModelPart("anthropic", "claude-sonnet-4", "2025-06-01", parameters),
                Fixtures.prompts(), Fixtures.tools(), Fixtures.index());
        ReleaseDiff diff = ReleaseDiff.between(BASE, to);
        assertThat(diff.changedParts()).containsExactly(Part.MODEL);
        assertThat(diff.changes()).singleElement().isInstanceOfSatisfying(Change.ModelChange.class, c -> {
            assertThat(c.fields()).containsExactly(new Change.FieldChange("snapshot", "2025-05-14", "2025-06-01"));
            assertThat(c.parameters()).containsExactly(
                    new Change.ParameterChange("max_tokens", Change.Kind.REMOVED, "1024", null),
                    new Change.ParameterChange("temperature", Change.Kind.CHANGED, "0.2", "0.7"),
                    new Change.ParameterChange("top_p", Change.Kind.ADDED, null, "0.9"));
        });
        assertThat(diff.render(false)).contains("- snapshot: 2025-05-14", "+ snapshot: 2025-06-01",
                "- parameters.temperature: 0.2", "+ parameters.temperature: 0.7", "+ parameters.top_p: 0.9");
    }

    @Test
    void promptChangesCarryAUnifiedLineDiff() {
        List<Prompt> prompts = List.of(
                new Prompt("system", "You are a careful support agent.\n\nBe brief and kind.\n"),
                new Prompt("welcome", "Hello!\n"));
        Release to = release(Fixtures.code(), Fixtures.model(), prompts, Fixtures.tools(), Fixtures.index());
        ReleaseDiff diff = ReleaseDiff.between(BASE, to);
        assertThat(diff.changedParts()).containsExactly(Part.PROMPTS);
        assertThat(diff.changes()).singleElement().isInstanceOfSatisfying(Change.PromptsChange.class, c -> {
            assertThat(c.prompts()).extracting(Change.PromptChange::name, Change.PromptChange::kind).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("system", Change.Kind.CHANGED),
                    org.assertj.core.groups.Tuple.tuple("triage", Change.Kind.REMOVED),
                    org.assertj.core.groups.Tuple.tuple("welcome", Change.Kind.ADDED));
            Change.PromptChange system = c.prompts().get(0);
            assertThat(system.fromDigest()).isEqualTo(BASE.promptDigest("system"));
            assertThat(system.toDigest()).isEqualTo(to.promptDigest("system"));
            assertThat(system.unifiedDiff()).containsExactly(
                    "--- a/prompts/system",
                    "+++ b/prompts/system",
                    "@@ -1,4 +1,4 @@",
                    " You are a careful support agent.",
                    " ",
                    "-Be brief.",
                    "+Be brief and kind.",
                    " ");
        });
    }

    @Test
    void aWhitespaceOnlyPromptChangeIsVisible() {
        List<Prompt> prompts = List.of(new Prompt("system", "You are a careful support agent.\n\nBe brief. \n"),
                Fixtures.prompts().get(1));
        ReleaseDiff diff = ReleaseDiff.between(BASE, release(Fixtures.code(), Fixtures.model(), prompts, Fixtures.tools(),
                Fixtures.index()));
        assertThat(diff.render(false)).contains("-Be brief.\n", "+Be brief. \n");
    }

    @Test
    void toolChangesShowScopesLimitsDescriptionAndSchema() {
        Tool kb = Fixtures.searchKb();
        ObjectNode schema = (ObjectNode) kb.inputSchema();
        ((ObjectNode) schema.path("properties").path("query")).put("maxLength", 500);
        Tool changed = new Tool("search_kb", "Search the knowledge base and the forum.", schema,
                List.of("forum:read", "kb:read"), 8);
        Tool escalate = new Tool("escalate_to_human", "Page a human.", Fixtures.json("{\"type\":\"object\"}"),
                List.of("oncall:page"), 1);
        Release to = release(Fixtures.code(), Fixtures.model(), Fixtures.prompts(), List.of(changed, escalate), Fixtures.index());
        ReleaseDiff diff = ReleaseDiff.between(BASE, to);
        assertThat(diff.changedParts()).containsExactly(Part.TOOLS);
        assertThat(diff.changes()).singleElement().isInstanceOfSatisfying(Change.ToolsChange.class, c -> {
            assertThat(c.tools()).extracting(Change.ToolChange::name).containsExactly("create_ticket", "escalate_to_human", "search_kb");
            Change.ToolChange removed = c.tools().get(0);
            assertThat(removed.kind()).isEqualTo(Change.Kind.REMOVED);
            assertThat(removed.scopesRemoved()).containsExactly("customers:read", "tickets:write");
            Change.ToolChange added = c.tools().get(1);
            assertThat(added.kind()).isEqualTo(Change.Kind.ADDED);
            assertThat(added.scopesAdded()).containsExactly("oncall:page");
            assertThat(added.toMaxCallsPerTask()).isEqualTo(1);
            Change.ToolChange kbChange = c.tools().get(2);
            assertThat(kbChange.kind()).isEqualTo(Change.Kind.CHANGED);
            assertThat(kbChange.scopesAdded()).containsExactly("forum:read");
            assertThat(kbChange.scopesRemoved()).isEmpty();
            assertThat(kbChange.fromMaxCallsPerTask()).isEqualTo(5);
            assertThat(kbChange.toMaxCallsPerTask()).isEqualTo(8);
            assertThat(kbChange.description()).isEqualTo(new Change.FieldChange("description",
                    "Search the knowledge base.", "Search the knowledge base and the forum."));
            assertThat(kbChange.inputSchemaDiff()).contains("-      \"maxLength\" : 300,", "+      \"maxLength\" : 500,");
        });
        String text = diff.render(false);
        assertThat(text).contains("== tools ==", "- tool create_ticket", "+ tool escalate_to_human", "~ tool search_kb",
                "+ scope forum:read", "- maxCallsPerTask: 5", "+ maxCallsPerTask: 8");
    }

    @Test
    void aToolWhoseOnlyChangeIsAScopeRemovalSaysSo() {
        Tool ticket = Fixtures.createTicket();
        Tool narrowed = new Tool(ticket.name(), ticket.description(), ticket.inputSchema(), List.of("tickets:write"), 1);
        ReleaseDiff diff = ReleaseDiff.between(BASE, release(Fixtures.code(), Fixtures.model(), Fixtures.prompts(),
                List.of(Fixtures.searchKb(), narrowed), Fixtures.index()));
        Change.ToolChange change = ((Change.ToolsChange) diff.changes().get(0)).tools().get(0);
        assertThat(change.scopesRemoved()).containsExactly("customers:read");
        assertThat(change.scopesAdded()).isEmpty();
        assertThat(change.fromMaxCallsPerTask()).isNull();
        assertThat(change.description()).isNull();
        assertThat(change.inputSchemaDiff()).isEmpty();
    }

    @Test
    void indexChangesShowOldAndNewPins() {
        IndexPart index = new IndexPart("support-kb", "support-kb-2025-06-09.1", "sha256:" + "c".repeat(64),
                "text-embedding-3-large@2024-01-25");
        ReleaseDiff diff = ReleaseDiff.between(BASE, release(Fixtures.code(), Fixtures.model(), Fixtures.prompts(),
                Fixtures.tools(), index));
        assertThat(diff.changedParts()).containsExactly(Part.INDEX);
        assertThat(diff.changes()).singleElement().isInstanceOfSatisfying(Change.IndexChange.class, c ->
                assertThat(c.fields()).extracting(Change.FieldChange::field).containsExactly("buildId", "buildDigest"));
    }

    @Test
    void severalPartsAreReportedInPartOrder() {
        Release to = release(new CodePart("repo", "2222222222222222222222222222222222222222", null), Fixtures.model(),
                Fixtures.prompts(), List.of(Fixtures.searchKb()), Fixtures.index());
        ReleaseDiff diff = ReleaseDiff.between(BASE, to);
        assertThat(diff.changedParts()).containsExactly(Part.CODE, Part.TOOLS);
        assertThat(diff.changes()).extracting(Change::part).containsExactly(Part.CODE, Part.TOOLS);
        assertThat(diff.render(false)).contains("changed parts: code, tools");
    }

    @Test
    void colourMarksRemovedLinesRedAndAddedLinesGreen() {
        List<Prompt> prompts = new ArrayList<>(Fixtures.prompts());
        prompts.set(1, new Prompt("triage", "Classify the ticket carefully:\n{{ticket}}\n"));
        ReleaseDiff diff = ReleaseDiff.between(BASE, release(Fixtures.code(), Fixtures.model(), prompts, Fixtures.tools(),
                Fixtures.index()));
        String coloured = diff.render(true);
        assertThat(coloured).contains("\u001b[31m-Classify the ticket:\u001b[0m", "\u001b[32m+Classify the ticket carefully:\u001b[0m");
        assertThat(diff.render(false)).doesNotContain("\u001b[");
    }

    @Test
    void aDiffIsJacksonSerialisable() throws Exception {
        Release to = release(new CodePart("repo", "2222222222222222222222222222222222222222", null), Fixtures.model(),
                List.of(new Prompt("system", "Hi\n")), List.of(Fixtures.searchKb()), Fixtures.index());
        ReleaseDiff diff = ReleaseDiff.between(BASE, to);
        String json = Fixtures.MAPPER.writeValueAsString(diff);
        assertThat(json).contains("\"part\":\"code\"", "\"part\":\"prompts\"", "\"changedParts\":[\"code\",\"prompts\",\"tools\"]")
                .doesNotContain("\"empty\"");
        ReleaseDiff back = Fixtures.MAPPER.readValue(json, ReleaseDiff.class);
        assertThat(back).isEqualTo(diff);
        assertThat(back.changedParts()).isEqualTo(Set.of(Part.CODE, Part.PROMPTS, Part.TOOLS));
    }
}
