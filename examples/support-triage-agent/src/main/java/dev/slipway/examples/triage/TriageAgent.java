package dev.slipway.examples.triage;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.slipway.agent.TaskRun;
import dev.slipway.agent.langchain4j.EndpointChatModels;
import dev.slipway.agent.langchain4j.GuardedTools;
import dev.slipway.agent.langchain4j.RequiresScopes;
import dev.slipway.agent.langchain4j.SlipwayAiServices;

/**
 * The sample agent: a LangChain4j AI service whose instructions are the release's system and triage prompts (the
 * triage prompt is a template of the ticket and the customer record) and whose one tool, {@code search_kb}, runs
 * through the guard with scope {@code kb:read}. The model either calls the tool or answers with a category and a
 * priority. Every model call goes through the task's failover and ceilings: a model that keeps calling the tool is
 * stopped by them.
 */
final class TriageAgent {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What LangChain4j implements. */
    interface Triage {
        @UserMessage("{{ticket}}")
        String triage(@V("ticket") String ticket, @V("customer") String customer);
    }

    /** The tools of one task: what it retrieves is recorded in its run. */
    static final class Tools {
        private final TaskRun task;
        private final KnowledgeBase kb;

        Tools(TaskRun task, KnowledgeBase kb) {
            this.task = task;
            this.kb = kb;
        }

        @Tool(name = "search_kb", value = "Search the support knowledge base for articles that match a customer's problem")
        @RequiresScopes("kb:read")
        String searchKb(@P("short search query") String query) {
            List<KnowledgeBase.Article> found = kb.search(query);
            task.retrieved(found.stream().map(KnowledgeBase.Article::id).toList());
            return found.stream().map(a -> a.id() + " " + a.title()).collect(Collectors.joining("; "));
        }
    }

    private final KnowledgeBase kb = new KnowledgeBase();
    private final EndpointChatModels models;

    TriageAgent(EndpointChatModels models) {
        this.models = models;
    }

    /** The triage of one ticket: the model's final answer as JSON. */
    ObjectNode triage(TaskRun task, JsonNode ticket) {
        Triage agent = SlipwayAiServices.builder(Triage.class, task, models, GuardedTools.of(task.release(), new Tools(task, kb)))
                .systemMessageProvider(id -> task.release().prompt("system") + "\n\n" + task.release().prompt("triage"))
                .build();
        String ticketText = ticket.path("subject").asText("") + "\n\n" + ticket.path("body").asText("");
        String customer = "tier: " + ticket.path("customerTier").asText("unknown") + ", channel: "
                + ticket.path("channel").asText("unknown");
        JsonNode answer = parse(agent.triage(ticketText, customer));
        ObjectNode result = JSON.createObjectNode();
        result.put("category", answer.path("category").asText("unknown"));
        result.put("priority", answer.path("priority").asText("unknown"));
        result.put("summary", answer.path("summary").asText(""));
        return result;
    }

    private static JsonNode parse(String content) {
        try {
            JsonNode parsed = JSON.readTree(content);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (Exception e) {
            // not JSON: kept as the summary below
        }
        ObjectNode unparsed = JSON.createObjectNode();
        unparsed.put("summary", content);
        return unparsed;
    }
}
