package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.ToolInvocation;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.CodeScopes;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.ToolDecider;
import dev.warden.agent.record.DecisionAttributes;
import dev.warden.agent.record.ToolSpans;
import dev.warden.bootstrap.ScopeHooks;
import dev.warden.bootstrap.ToolCall;
import dev.warden.bootstrap.ToolDenied;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;

/**
 * Tool executions for {@link dev.warden.bootstrap.ScopeBridge}: each call decided by the policy's
 * {@code tools:} section (through the {@link AccessMediator}, like every access), the tool's span,
 * with that decision, current on its thread while it runs, and its context made current around the work it hands to other threads;
 * the span of an AI agent invocation, current on its thread, which the tools and LLM calls of
 * the conversation nest under; and the code segments a thread enters ({@link CodeScopes}).
 */
public final class ToolScopes implements ScopeHooks {

    private final ToolSpans spans;
    private final Supplier<ActivePolicy> active;
    private final ToolDecider decider;
    private final AccessMediator mediator;

    public ToolScopes(ToolSpans spans, Supplier<ActivePolicy> active, AccessMediator mediator) {
        this.spans = spans;
        this.active = active;
        this.decider = new ToolDecider(active);
        this.mediator = mediator;
    }

    private record Started(Span span, Context context, Scope current) {
    }

    /** A refused call's span ends at once with the denial; the tool never runs, so nothing else is opened. */
    @Override
    public Object toolStarted(ToolCall tool) {
        ToolInvocation invocation = new ToolInvocation(tool);
        Decision decision = decider.decide(invocation.use());
        Span span = spans.start(tool);
        ToolDenied denied = mediator.apply(invocation, decision, (request, decided, denial) -> DecisionAttributes.on(span, decided));
        if (denied != null) {
            ToolSpans.end(span, denied, false);
            return denied;
        }
        Context context = Context.current().with(span);
        return new Started(span, context, context.makeCurrent());
    }

    @Override
    public void toolEnded(Object started, Throwable error, boolean errorResult) {
        Started tool = (Started) started;
        tool.current().close();
        ToolSpans.end(tool.span(), error, errorResult);
    }

    @Override
    public Object agentStarted(String agent) {
        Span span = spans.startAgent(agent);
        Context context = Context.current().with(span);
        return new Started(span, context, context.makeCurrent());
    }

    @Override
    public void agentEnded(Object started, Throwable error) {
        toolEnded(started, error, false);
    }

    @Override
    public Object contextOf(Object started) {
        return ((Started) started).context();
    }

    @Override
    public Object attach(Object context) {
        return ((Context) context).makeCurrent();
    }

    @Override
    public void detach(Object attached) {
        ((Scope) attached).close();
    }

    @Override
    public Object codeEntered(Class<?> type, Object code) {
        return CodeScopes.entered(type, code, active.get().engine());
    }
}
