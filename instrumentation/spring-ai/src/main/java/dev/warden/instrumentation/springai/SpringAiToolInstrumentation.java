package dev.warden.instrumentation.springai;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.warden.bootstrap.ScopeBridge;
import dev.warden.bootstrap.ToolCall;
import dev.warden.bootstrap.ToolDenied;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.execution.ToolExecutionException;

/**
 * Spring AI tool executions (1.x), as the app loads it: {@code call(String)} and
 * {@code call(String, ToolContext)} of every {@code ToolCallback} implementation the app's loader
 * defines ({@code MethodToolCallback} for {@code @Tool} methods, {@code FunctionToolCallback},
 * and hand-written callbacks; MCP callbacks: {@link SpringAiMcpToolInstrumentation}). Each opens a tool scope and an {@code execute_tool {tool}} span,
 * named by the callback's tool definition, for as long as the tool runs; {@code call(String)}
 * delegating to {@code call(String, ToolContext)} with the same input is one call, not two.
 * Spring AI hands the tool call's id only to its tool-calling manager, not to the callback: the
 * span has no {@code gen_ai.tool.call.id}. A call the policy's {@code tools:} section refuses never runs:
 * the advice throws {@code ToolExecutionException} caused by Warden's {@code ToolDenied}, which the
 * tool-calling manager hands to the app's {@code ToolExecutionExceptionProcessor} (by default: its
 * message goes to the LLM as the tool's result).
 */
public final class SpringAiToolInstrumentation implements WardenInstrumentation {

    /** The methods the advice applies to: the matcher below and {@link #adviceMethodNames()} name the same. */
    private static final String CALL = "call";

    static final String TOOL_CALLBACK = "org.springframework.ai.tool.ToolCallback";

    @Override
    public Set<String> targetTypes() {
        return Set.of();
    }

    @Override
    public Set<String> targetSupertypes() {
        return Set.of(TOOL_CALLBACK);
    }

    @Override
    public Set<String> adviceMethodNames() {
        return Set.of(CALL);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named(CALL).and(not(isStatic())).and(not(isAbstract()))
                .and(not(isDeclaredBy(named(SpringAiMcpToolInstrumentation.SYNC_CALLBACK)
                        .or(named(SpringAiMcpToolInstrumentation.ASYNC_CALLBACK)))))
                .and(takesArgument(0, named("java.lang.String"))), ToolCallAdvice.class.getName());
    }

    @Override
    public String supportedVersions() {
        return "Spring AI 1.x (tested: 1.1.2)";
    }

    public static final class ToolCallAdvice {
        private ToolCallAdvice() {
        }

        /**
         * The input string is the call's identity: a delegating overload passes the same instance on.
         * A callback of the app's own whose definition cannot be read is left unscoped rather than
         * failing the app's call.
         */
        @Advice.OnMethodEnter
        static Object enter(@Advice.This ToolCallback callback, @Advice.Argument(0) String input) {
            String tool;
            try {
                tool = callback.getToolDefinition().name();
            } catch (RuntimeException unreadable) {
                tool = null;
            }
            Object opened = ScopeBridge.toolStarted(ToolCall.local(tool, null, input), input);
            if (opened instanceof ToolDenied denied) {
                throw new ToolExecutionException(callback.getToolDefinition(), denied);
            }
            return opened;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object opened, @Advice.Thrown Throwable thrown) {
            ScopeBridge.toolEnded(opened, thrown);
        }
    }
}
