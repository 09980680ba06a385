package dev.warden.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.ScopeBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.LibraryClassFiles;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.lang.reflect.Method;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * LangChain4j AI services (1.x): each call of an AI service method runs in an
 * {@code invoke_agent {service}} span, so the conversation's LLM calls and tool executions share one trace under
 * it. The hook is the invocation handler of the service proxy that {@code AiServices.build()} returns.
 */
public final class LangChain4jAgentInstrumentation implements WardenInstrumentation {

    static final String INVOCATION_HANDLER = "dev.langchain4j.service.DefaultAiServices$1";

    @Override
    public Set<String> targetTypes() {
        return Set.of(INVOCATION_HANDLER);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("invoke").and(takesArguments(3)).and(takesArgument(0, Object.class))
                .and(takesArgument(1, Method.class)), AgentAdvice.class.getName());
    }

    @Override
    public String supportedVersions() {
        return "LangChain4j 1.x (tested: 1.19.0)";
    }

    /** The proxy's handler is the first anonymous class of {@code DefaultAiServices} and an InvocationHandler. */
    @Override
    public boolean supportsVersionIn(ClassLoader loader) {
        return LibraryClassFiles.mentions(loader, INVOCATION_HANDLER, "java/lang/reflect/InvocationHandler");
    }

    public static final class AgentAdvice {
        private AgentAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(1) Method method) {
            // toString, equals and hashCode of the proxy are no conversation
            return method == null || method.getDeclaringClass() == Object.class ? null
                    : ScopeBridge.agentStarted(method.getDeclaringClass().getSimpleName());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object started, @Advice.Thrown Throwable thrown) {
            ScopeBridge.agentEnded(started, thrown);
        }
    }
}
