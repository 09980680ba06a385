package dev.warden.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.warden.bootstrap.ScopeBridge;
import dev.warden.bootstrap.ToolCall;
import dev.warden.bootstrap.ToolDenied;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.LibraryClassFiles;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * LangChain4j tool executions (1.x), as the app loads it. Each opens a tool scope and an
 * {@code execute_tool {tool}} span for as long as the tool runs:
 * <ul>
 *   <li>{@code ToolService.executeWithErrorHandling}: where AI services run every tool, whatever
 *       its {@code ToolExecutor} (methods annotated {@code @Tool}, executors given by hand, tool
 *       providers), on the thread that runs it (also when tools run concurrently);</li>
 *   <li>{@code DefaultToolExecutor.executeWithContext} and {@code execute}: a
 *       {@code DefaultToolExecutor} the app calls itself. Inside an AI service the same call is
 *       already open, so no second scope or span is made.</li>
 * </ul>
 * A call the policy's {@code tools:} section refuses never runs: in an AI service the tool's executor is
 * replaced by one that throws Warden's {@code ToolDenied}, inside the {@code try} where
 * {@code executeWithErrorHandling} catches a tool's exception, so the app's
 * {@code toolExecutionErrorHandler} (by default: the message goes to the LLM as the tool's result)
 * handles it like any tool failure; a {@code DefaultToolExecutor} the app calls itself throws it.
 * A tool an MCP client runs ({@code McpToolExecutor}) opens its scope inside the executor instead
 * ({@link LangChain4jMcpToolInstrumentation}), where the client is at hand; the executor is told by
 * its class name, so nothing here needs langchain4j-mcp on the app's class path. A result the
 * library marks as an error (an MCP error result, a tool exception its error handler turned into
 * the text the LLM reads) marks the span as one.
 */
public final class LangChain4jToolInstrumentation implements WardenInstrumentation {

    static final String TOOL_SERVICE = "dev.langchain4j.service.tool.ToolService";
    static final String DEFAULT_TOOL_EXECUTOR = "dev.langchain4j.service.tool.DefaultToolExecutor";
    static final String REQUEST = "dev.langchain4j.agent.tool.ToolExecutionRequest";
    static final String MCP_TOOL_EXECUTOR = LangChain4jMcpToolInstrumentation.MCP_TOOL_EXECUTOR;
    static final String TOOL_EXECUTOR = "dev.langchain4j.service.tool.ToolExecutor";

    @Override
    public Set<String> targetTypes() {
        return Set.of(TOOL_SERVICE, DEFAULT_TOOL_EXECUTOR);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(isDeclaredBy(named(TOOL_SERVICE)).and(isStatic()).and(named("executeWithErrorHandling"))
                .and(takesArgument(0, named(REQUEST))).and(takesArgument(1, named(TOOL_EXECUTOR))),
                ServiceToolAdvice.class.getName());
        target.applyAdvice(isDeclaredBy(named(DEFAULT_TOOL_EXECUTOR))
                .and(named("executeWithContext").or(named("execute"))).and(takesArguments(2))
                .and(takesArgument(0, named(REQUEST))), ToolAdvice.class.getName());
    }

    @Override
    public String supportedVersions() {
        return "LangChain4j 1.x (tested: 1.19.0)";
    }

    /** {@code executeWithErrorHandling} and {@code executeWithContext} exist from LangChain4j 1.1 on. */
    @Override
    public boolean supportsVersionIn(ClassLoader loader) {
        return LibraryClassFiles.mentions(loader, TOOL_SERVICE, "executeWithErrorHandling")
                && LibraryClassFiles.mentions(loader, DEFAULT_TOOL_EXECUTOR, "executeWithContext");
    }

    /**
     * {@code ToolService.executeWithErrorHandling(request, executor, ...)}: a refused call runs a refusing
     * executor; an MCP executor's call is left to its own advice.
     */
    public static final class ServiceToolAdvice {
        private ServiceToolAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) ToolExecutionRequest request,
                @Advice.Argument(value = 1, readOnly = false) ToolExecutor executor) {
            if (request == null || executor != null && executor.getClass().getName().equals(MCP_TOOL_EXECUTOR)) {
                return null;
            }
            Object opened = ScopeBridge.toolStarted(ToolCall.local(request.name(), request.id(), request.arguments()), request);
            if (opened instanceof ToolDenied denied) {
                executor = (ToolExecutor) ScopeBridge.refusingExecutor(ToolExecutor.class, denied);
            }
            return opened;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object opened, @Advice.Return ToolExecutionResult result,
                @Advice.Thrown Throwable thrown) {
            ScopeBridge.toolEnded(opened, thrown, result != null && result.isError());
        }
    }

    /** {@code DefaultToolExecutor.execute*(request, ...)}: a refused call throws the denial. */
    public static final class ToolAdvice {
        private ToolAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) ToolExecutionRequest request) {
            Object opened = request == null ? null
                    : ScopeBridge.toolStarted(ToolCall.local(request.name(), request.id(), request.arguments()), request);
            if (opened instanceof ToolDenied denied) {
                throw denied;
            }
            return opened;
        }

        /** {@code execute} returns the text, {@code executeWithContext} the result, which may be an error. */
        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object opened, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                @Advice.Thrown Throwable thrown) {
            ScopeBridge.toolEnded(opened, thrown, result instanceof ToolExecutionResult && ((ToolExecutionResult) result).isError());
        }
    }
}
