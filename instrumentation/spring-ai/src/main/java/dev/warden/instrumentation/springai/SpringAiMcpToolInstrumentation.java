package dev.warden.instrumentation.springai;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.warden.bootstrap.ScopeBridge;
import dev.warden.bootstrap.ToolCall;
import dev.warden.bootstrap.ToolDenied;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportSession;
import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import net.bytebuddy.asm.Advice;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.execution.ToolExecutionException;

/**
 * Spring AI's MCP tool callbacks ({@code SyncMcpToolCallback}, {@code AsyncMcpToolCallback}):
 * each call is a tool scope of an MCP tool, named as the chat client sees it (with the client-name
 * prefix Spring AI may add), the server being the MCP client's name ({@code clientInfo.name}, what
 * the prefix is made of), the tool's own name on the server the callback's MCP tool. These
 * callbacks are left out of {@link SpringAiToolInstrumentation}. A call the {@code tools:} section
 * refuses throws Spring AI's {@code ToolExecutionException} caused by Warden's {@code ToolDenied},
 * as a local tool's refusal does, before the client sends anything. A {@code CallToolResult} with
 * {@code isError} reaches the app as the {@code ToolExecutionException} Spring AI throws for it,
 * caused by its {@code IllegalStateException("Error calling tool: ...")}: that marks the span as a
 * tool error rather than as the exception's type. The session ({@code mcp.session.id}) is read from the
 * SDK's streamable HTTP transport, which keeps it private; other transports have none.
 *
 * <p>No version check: the general tool advice leaves these classes to this one, so a skipped version would leave
 * their calls undecided; a version whose fields the advice cannot bind fails to weave instead (in enforce mode the
 * class is refused), never a hole.
 */
public final class SpringAiMcpToolInstrumentation implements WardenInstrumentation {

    static final String SYNC_CALLBACK = "org.springframework.ai.mcp.SyncMcpToolCallback";
    static final String ASYNC_CALLBACK = "org.springframework.ai.mcp.AsyncMcpToolCallback";

    @Override
    public Set<String> targetTypes() {
        return Set.of(SYNC_CALLBACK, ASYNC_CALLBACK);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(isDeclaredBy(named(SYNC_CALLBACK).or(named(ASYNC_CALLBACK))).and(named("call"))
                .and(takesArgument(0, named("java.lang.String"))), CallbackAdvice.class.getName());
    }

    @Override
    public String supportedVersions() {
        return "Spring AI MCP 1.x (tested: 1.1.2)";
    }


    public static final class CallbackAdvice {
        private CallbackAdvice() {
        }

        /**
         * The input string is the call's identity: {@code call(String)} passes it on to the two-argument call.
         * The client is the sync or the async one, as the callback is.
         */
        @Advice.OnMethodEnter
        static Object enter(@Advice.This ToolCallback callback, @Advice.Argument(0) String input,
                @Advice.FieldValue("mcpClient") Object client, @Advice.FieldValue("tool") McpSchema.Tool tool) {
            String server = client instanceof McpSyncClient sync ? sync.getClientInfo().name()
                    : ((McpAsyncClient) client).getClientInfo().name();
            String session;
            try {
                // the SDK keeps the transport's session private: sync client -> async client -> transport -> session
                Object async = client;
                if (client instanceof McpSyncClient) {
                    Field delegate = McpSyncClient.class.getDeclaredField("delegate");
                    delegate.setAccessible(true);
                    async = delegate.get(client);
                }
                Field transportField = McpAsyncClient.class.getDeclaredField("transport");
                transportField.setAccessible(true);
                Object transport = transportField.get(async);
                Field active = transport.getClass().getDeclaredField("activeSession");
                active.setAccessible(true);
                Object current = ((AtomicReference<?>) active.get(transport)).get();
                session = current instanceof McpTransportSession<?> known ? known.sessionId().orElse(null) : null;
            } catch (ReflectiveOperationException | RuntimeException noSession) {
                session = null; // stdio, or a transport without sessions
            }
            Object opened = ScopeBridge.toolStarted(ToolCall.mcp(callback.getToolDefinition().name(), null, input,
                    server, tool.name(), session), input);
            if (opened instanceof ToolDenied denied) {
                throw new ToolExecutionException(callback.getToolDefinition(), denied);
            }
            return opened;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object opened, @Advice.Thrown Throwable thrown) {
            Throwable cause = thrown == null ? null : thrown.getCause();
            ScopeBridge.toolEnded(opened, thrown, cause instanceof IllegalStateException
                    && String.valueOf(cause.getMessage()).startsWith("Error calling tool:"));
        }
    }
}
