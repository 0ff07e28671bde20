package dev.slipway.examples.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.agent.TaskRun;
import dev.slipway.agent.model.ModelReply;
import dev.slipway.agent.model.ModelRequest;

/**
 * The sample agent's logic: the release's system and triage prompts, the ticket, and a loop in which the model either
 * asks for the knowledge base (through the guard, as {@code kb:read}) or answers with a category and a priority. Every
 * call goes through the {@link TaskRun}: the ceilings stop a model that keeps asking.
 */
final class TriageAgent {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KnowledgeBase kb = new KnowledgeBase();

    /** The triage of one ticket: the model's final answer as JSON. */
    ObjectNode triage(TaskRun task, JsonNode ticket) throws Exception {
        String system = task.release().prompt("system") + "\n\n" + task.release().prompt("triage");
        List<ModelRequest.Message> messages = new ArrayList<>();
        messages.add(new ModelRequest.Message("system", system));
        messages.add(new ModelRequest.Message("user", ticket.path("subject").asText("") + "\n\n"
                + ticket.path("body").asText("")));
        int maxTokens = task.release().model().parameters().getOrDefault("max_tokens", JSON.getNodeFactory()
                .numberNode(512)).asInt(512);
        while (true) {
            ModelReply reply = task.chat(new ModelRequest(messages, maxTokens));
            JsonNode answer = parse(reply.content());
            if (answer.has("tool")) {
                String tool = answer.path("tool").asText();
                String query = answer.path("arguments").path("query").asText("");
                List<KnowledgeBase.Article> found = task.tool(tool, List.of("kb:read"), () -> kb.search(query));
                task.retrieved(found.stream().map(KnowledgeBase.Article::id).toList());
                messages.add(new ModelRequest.Message("assistant", reply.content()));
                messages.add(new ModelRequest.Message("tool", "tool result: " + found.stream()
                        .map(a -> a.id() + " " + a.title()).collect(Collectors.joining("; "))));
                continue;
            }
            ObjectNode result = JSON.createObjectNode();
            result.put("category", answer.path("category").asText("unknown"));
            result.put("priority", answer.path("priority").asText("unknown"));
            result.put("summary", answer.path("summary").asText(""));
            return result;
        }
    }

    private static JsonNode parse(String content) {
        try {
            return JSON.readTree(content);
        } catch (Exception e) {
            ObjectNode unparsed = JSON.createObjectNode();
            unparsed.put("summary", content);
            return unparsed;
        }
    }
}
