package dev.warden.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.warden.bootstrap.ScopeBridge;
import dev.warden.bootstrap.ToolCall;
import dev.warden.bootstrap.ToolDenied;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.lang.reflect.Field;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * LangChain4j's MCP client (langchain4j-mcp): each tool call its {@code McpToolExecutor} runs is a
 * tool scope of an MCP tool: named as the AI service sees it (after the provider's name mapping),
 * the server being the client's key ({@code DefaultMcpClient.builder().key(...)}), the tool's own
 * name on the server the executor's fixed name, and the session the streamable HTTP transport's
 * {@code Mcp-Session-Id}. {@code ToolService} leaves these calls to this advice
 * ({@link LangChain4jToolInstrumentation}); a call the {@code tools:} section refuses throws Warden's
 * {@code ToolDenied} before the client sends anything. An MCP result with {@code isError} marks the span as a
 * tool error: the client throws a {@code ToolExecutionException(text)} for it, which makes itself a
 * plain {@code RuntimeException} cause with the same message and has no error code (a JSON-RPC
 * error has one; a failed transport or a timeout is the cause itself, its message the cause's
 * {@code toString}).
 *
 * <p>No version check: the general tool advice leaves these classes to this one, so a skipped version would leave
 * their calls undecided; a version whose fields the advice cannot bind fails to weave instead (in enforce mode the
 * class is refused), never a hole.
 */
public final class LangChain4jMcpToolInstrumentation implements WardenInstrumentation {

    static final String MCP_TOOL_EXECUTOR = "dev.langchain4j.mcp.McpToolExecutor";
    static final String REQUEST = LangChain4jToolInstrumentation.REQUEST;

    @Override
    public Set<String> targetTypes() {
        return Set.of(MCP_TOOL_EXECUTOR);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(isDeclaredBy(named(MCP_TOOL_EXECUTOR))
                .and(named("executeWithContext").or(named("execute"))).and(takesArguments(2))
                .and(takesArgument(0, named(REQUEST))), McpToolAdvice.class.getName());
    }

    @Override
    public String supportedVersions() {
        return "langchain4j-mcp 1.x (tested: 1.18.1-beta28)";
    }


    public static final class McpToolAdvice {
        private McpToolAdvice() {
        }

        /** The session is read where the transport has one (streamable HTTP); other transports have none. */
        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) ToolExecutionRequest request,
                @Advice.FieldValue("mcpClient") McpClient client,
                @Advice.FieldValue("fixedToolName") Optional<String> serverTool) {
            if (request == null || client == null) {
                return null;
            }
            String session = null;
            try {
                Field transportField = client.getClass().getDeclaredField("transport");
                transportField.setAccessible(true);
                Object transport = transportField.get(client);
                session = (String) transport.getClass().getMethod("getMcpSessionId").invoke(transport);
            } catch (ReflectiveOperationException | RuntimeException noSession) {
                session = null;
            }
            Object opened = ScopeBridge.toolStarted(ToolCall.mcp(request.name(), request.id(), request.arguments(),
                    client.key(), serverTool.orElse(request.name()), session), request);
            if (opened instanceof ToolDenied denied) {
                throw denied; // inside ToolService's try: the app's tool error handler hands it to the LLM
            }
            return opened;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object opened, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                @Advice.Thrown Throwable thrown) {
            Throwable cause = thrown == null ? null : thrown.getCause();
            boolean errorResult = result instanceof ToolExecutionResult && ((ToolExecutionResult) result).isError()
                    || thrown instanceof ToolExecutionException && ((ToolExecutionException) thrown).errorCode() == null
                            && cause != null && cause.getClass() == RuntimeException.class
                            && Objects.equals(cause.getMessage(), thrown.getMessage());
            ScopeBridge.toolEnded(opened, thrown, errorResult);
        }
    }
}
