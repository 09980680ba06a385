package dev.warden.bootstrap;

/**
 * A tool call the policy refuses ({@code tools:}), with Warden's denial message. {@link ScopeBridge#toolStarted}
 * returns it instead of opening a scope; the advice makes the library report it the way it reports a
 * tool's own failure, so the library hands the message to the LLM as the tool's result and the app's
 * tool-error handling applies: thrown where the library catches a tool's exception, or carried as the
 * cause of the library's own tool exception. The tool itself never runs.
 */
public final class ToolDenied extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ToolDenied(String message) {
        super(message);
    }
}
