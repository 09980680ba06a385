package dev.warden.agent.intercept;

import dev.warden.bootstrap.ScopeBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into every method and static initializer of the classes in code segments: the thread
 * works in the class's segments while the method runs, until it returns or throws
 * ({@link CodeSegmentClasses}; constructors: {@link CodeSegmentConstructors}).
 */
final class CodeSegmentAdvice {

    private CodeSegmentAdvice() {
    }

    @Advice.OnMethodEnter
    static Object enter(@Advice.Origin Class<?> type) {
        return ScopeBridge.codeEntered(type);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object entered) {
        ScopeBridge.codeLeft(entered);
    }
}
