package dev.warden.agent.access;

import dev.warden.agent.record.DecisionRecorder;
import dev.warden.policy.decide.NativeAccess;

/**
 * A use of native code: a JNI library loaded (action {@code load}, target its canonical path), an FFM
 * restricted method called ({@code ffm}, target {@code Linker.downcallHandle}) or {@code sun.misc.Unsafe}
 * obtained ({@code unsafe}, target {@code sun.misc.Unsafe}); {@code caller} is the class that asked. The
 * bridge door throws the API's exception with the message ({@code UnsatisfiedLinkError}, ...).
 */
public record NativeUse(NativeAccess access, String what, String caller) implements AccessRequest<DeniedMessage> {

    private static final String UNSAFE = "sun.misc.Unsafe";

    public static NativeUse library(String path, String caller) {
        return new NativeUse(NativeAccess.library(path), path, caller);
    }

    public static NativeUse restrictedMethod(String method, String caller) {
        return new NativeUse(NativeAccess.FFM, method, caller);
    }

    /** @param how {@code getUnsafe()}, {@code reflection (setAccessible)}, ... */
    public static NativeUse unsafe(String how, String caller) {
        return new NativeUse(NativeAccess.UNSAFE, how, caller);
    }

    @Override
    public String kind() {
        return DecisionRecorder.NATIVE;
    }

    @Override
    public String action() {
        return access.kind().action();
    }

    @Override
    public String target() {
        return switch (access.kind()) {
            case LIBRARY -> access.library();
            case FFM -> what;
            case UNSAFE -> UNSAFE;
        };
    }

    @Override
    public String detail() {
        String by = caller == null ? "" : "by " + caller;
        return access.kind() == NativeAccess.Kind.UNSAFE ? what + (by.isEmpty() ? "" : " " + by) : by.isEmpty() ? null : by;
    }

    @Override
    public String denied() {
        String by = caller == null ? "" : " by " + caller;
        return switch (access.kind()) {
            case LIBRARY -> "load of native library " + access.library() + by;
            case FFM -> "FFM restricted method " + what + by;
            case UNSAFE -> "access to sun.misc.Unsafe (" + what + ")" + by;
        };
    }

    @Override
    public DeniedMessage denial(String message) {
        return new DeniedMessage(message);
    }
}
