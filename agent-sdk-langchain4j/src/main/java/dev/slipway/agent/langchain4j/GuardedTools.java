package dev.slipway.agent.langchain4j;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolErrorContext;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecutionErrorHandler;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderResult;
import dev.slipway.agent.CeilingExceededException;
import dev.slipway.agent.PinnedRelease;
import dev.slipway.agent.TaskRun;
import dev.slipway.agent.ToolRefusedException;

/**
 * The tool filter: a worker's {@code @Tool} methods, of which a task offers the model only those the release grants
 * (deny by default: a tool the release does not name is never even described to the model), and runs each call
 * through the task's guard, so the scopes of {@link RequiresScopes}, the per-task limits and the tool-call ceiling
 * hold, and every call, allowed or refused, is in the run. A call the guard refuses, or a tool the model made up, ends
 * the task with {@link ToolRefusedException} and is never executed; a ceiling ends it with
 * {@link CeilingExceededException}. What a tool itself throws goes back to the model, as LangChain4j does by default.
 * Cheap to build per task with that task's tool objects (each tool class is read once); {@link #forTask} binds the guard.
 */
public final class GuardedTools {

    private record GuardedTool(ToolSpecification specification, Object target, Method method, List<String> scopes) {
    }

    private final Map<String, GuardedTool> offered;
    private final Set<String> withheld;

    private GuardedTools(Map<String, GuardedTool> offered, Set<String> withheld) {
        this.offered = offered;
        this.withheld = withheld;
    }

    /** The release's grants over the {@code @Tool} methods of {@code toolObjects}. */
    public static GuardedTools of(PinnedRelease release, Object... toolObjects) {
        Map<String, GuardedTool> offered = new LinkedHashMap<>();
        Set<String> withheld = new TreeSet<>();
        for (Object target : toolObjects) {
            for (DeclaredTool tool : DECLARED.get(target.getClass())) {
                if (release.tools().containsKey(tool.specification().name())) {
                    offered.put(tool.specification().name(), new GuardedTool(tool.specification(), target, tool.method(),
                            tool.scopes()));
                } else {
                    withheld.add(tool.specification().name());
                }
            }
        }
        return new GuardedTools(offered, withheld);
    }

    /** A class's {@code @Tool} methods, their specifications and scopes. */
    private record DeclaredTool(ToolSpecification specification, Method method, List<String> scopes) {
    }

    /**
     * Read once per class: agents bind fresh tool objects to each task, and a specification (reflection, a JSON schema
     * of the parameters) does not change from task to task.
     */
    private static final ClassValue<List<DeclaredTool>> DECLARED = new ClassValue<>() {
        @Override
        protected List<DeclaredTool> computeValue(Class<?> type) {
            List<DeclaredTool> tools = new java.util.ArrayList<>();
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Tool.class)) {
                    RequiresScopes scopes = method.getAnnotation(RequiresScopes.class);
                    tools.add(new DeclaredTool(ToolSpecifications.toolSpecificationFrom(method), method,
                            scopes == null ? List.of() : List.of(scopes.value())));
                }
            }
            return List.copyOf(tools);
        }
    };

    /** Names of the tools the model is offered. */
    public Set<String> offered() {
        return new TreeSet<>(offered.keySet());
    }

    /** Names of the agent's tools the release does not grant: never offered, never run. */
    public Set<String> withheld() {
        return withheld;
    }

    /** The tools for one task's AI service: each call through that task's guard. */
    public ToolProvider forTask(TaskRun task) {
        ToolProviderResult.Builder result = ToolProviderResult.builder();
        for (GuardedTool tool : offered.values()) {
            ToolExecutor direct = new DefaultToolExecutor(tool.target(), tool.method());
            result.add(tool.specification(), new ToolExecutor() {
                @Override
                public String execute(ToolExecutionRequest request, Object memoryId) {
                    return guarded(task, tool, () -> direct.execute(request, memoryId)).resultText();
                }

                @Override
                public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
                    return guarded(task, tool, () -> direct.executeWithContext(request, context));
                }
            });
        }
        ToolProviderResult tools = result.build();
        return request -> tools;
    }

    private static ToolExecutionResult guarded(TaskRun task, GuardedTool tool,
            Supplier<Object> call) {
        try {
            Object out = task.tool(tool.specification().name(), tool.scopes(), call::get);
            return out instanceof ToolExecutionResult r ? r : ToolExecutionResult.builder().resultText(String.valueOf(out)).build();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * For a tool the model names that is not offered: recorded in the run as refused, never executed, and the task
     * ends with {@link ToolRefusedException}.
     */
    public Function<ToolExecutionRequest, ToolExecutionResultMessage> refuseUnknown(TaskRun task) {
        return request -> {
            throw task.refuseTool(request.name(), withheld.contains(request.name())
                    ? "tool '" + request.name() + "' is not in the release (granted: " + String.join(", ", offered())
                            + ")"
                    : "tool '" + request.name() + "' is not offered to the model (offered: "
                            + String.join(", ", offered()) + ")");
        };
    }

    /**
     * Lets the guard's refusals and the ceilings end the task; hands what a tool itself threw back to the model, as
     * LangChain4j does by default.
     */
    public static final ToolExecutionErrorHandler STOP_ON_REFUSAL = (Throwable error, ToolErrorContext context) -> {
        if (error instanceof ToolRefusedException || error instanceof CeilingExceededException) {
            throw (RuntimeException) error;
        }
        return ToolErrorHandlerResult.text(error.getMessage() == null ? error.toString() : error.getMessage());
    };
}
