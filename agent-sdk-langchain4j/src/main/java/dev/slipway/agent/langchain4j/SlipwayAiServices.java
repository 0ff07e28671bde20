package dev.slipway.agent.langchain4j;

import dev.langchain4j.service.AiServices;
import dev.slipway.agent.TaskRun;

/**
 * A LangChain4j AI service for one task, wired to Slipway in one line: the chat model goes through the task's
 * failover, ceilings and run record; the tools are those the release grants, each call through the guard.
 * <pre>
 * Triage triage = SlipwayAiServices.builder(Triage.class, task, models, tools)
 *         .systemMessageProvider(id -&gt; task.release().prompt("system"))
 *         .build();
 * </pre>
 */
public final class SlipwayAiServices {

    private SlipwayAiServices() {
    }

    public static <T> AiServices<T> builder(Class<T> service, TaskRun task, EndpointChatModels models,
            GuardedTools tools) {
        return AiServices.builder(service)
                .chatModel(new SlipwayChatModel(task, models))
                .toolProvider(tools.forTask(task))
                .hallucinatedToolNameStrategy(tools.refuseUnknown(task))
                .toolExecutionErrorHandler(GuardedTools.STOP_ON_REFUSAL);
    }
}
