package dev.warden.bootstrap;

/**
 * What the core does for {@link ScopeBridge}: the span of a tool execution, and making a captured
 * trace context current on another thread. Contexts are opaque here (the core's OpenTelemetry).
 */
public interface ScopeHooks {

    /**
     * Decides the call by the policy's {@code tools:} section and starts the {@code execute_tool} span,
     * current on this thread; returns what {@link #toolEnded} takes, or a {@link ToolDenied} when the
     * call must not run (its span already ended).
     */
    Object toolStarted(ToolCall tool);

    /** Ends the span {@link #toolStarted} returned; {@code error} is what the tool threw, or null; {@code errorResult}: it returned an error result. */
    void toolEnded(Object started, Throwable error, boolean errorResult);

    /**
     * Starts the {@code invoke_agent} span of an AI service call (the conversation's root when the app has no span
     * of its own), current on this thread; returns what {@link #agentEnded} takes.
     */
    Object agentStarted(String agent);

    /** Ends the span {@link #agentStarted} returned; {@code error} is what the call threw, or null. */
    void agentEnded(Object started, Throwable error);

    /** The trace context of a started tool, to carry to the threads it hands work to. */
    Object contextOf(Object started);

    /** Makes a carried context current on this thread; returns what {@link #detach} takes. */
    Object attach(Object context);

    void detach(Object attached);

    /**
     * A method of {@code type} starts on a thread whose code segments are {@code code} (null: none):
     * the thread's segments with {@code type}'s added, or {@code code} itself when {@code type} adds
     * none. Called on every method entry of the classes in code segments: cheap, never mediated.
     */
    Object codeEntered(Class<?> type, Object code);
}
