package dev.warden.bootstrap;

/**
 * What a thread works for: the tool call (its name, the request object the library passed, to tell
 * a nested hook of the same call from a new one, and its trace context) and the code segments whose
 * code is on its stack (opaque here: the core's). Either may be absent. Immutable; shared by every
 * thread the work is handed to.
 */
public final class ActiveScope {

    private final String tool;
    private final Object call;
    private final Object context;
    private final Object code;

    ActiveScope(String tool, Object call, Object context, Object code) {
        this.tool = tool;
        this.call = call;
        this.context = context;
        this.code = code;
    }

    /** The tool, or null when only code segments apply. */
    public String tool() {
        return tool;
    }

    /** The code segments entered on the way here (the core's object), or null. */
    public Object code() {
        return code;
    }

    Object call() {
        return call;
    }

    Object context() {
        return context;
    }

    ActiveScope withCode(Object entered) {
        return new ActiveScope(tool, call, context, entered);
    }
}
