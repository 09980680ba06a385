package dev.warden.bootstrap;

/**
 * The tool call a thread works for: its name, the request object the library passed (to tell a
 * nested hook of the same call from a new one), and its trace context. Immutable; shared by every
 * thread the tool hands work to.
 */
public final class ActiveScope {

    private final String tool;
    private final Object call;
    private final Object context;

    ActiveScope(String tool, Object call, Object context) {
        this.tool = tool;
        this.call = call;
        this.context = context;
    }

    public String tool() {
        return tool;
    }

    Object call() {
        return call;
    }

    Object context() {
        return context;
    }
}
