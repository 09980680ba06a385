package dev.warden.policy.decide;

import java.util.Objects;

/**
 * One use of native code the {@code native:} section decides: loading a library (its canonical path),
 * calling an FFM restricted method, or obtaining {@code sun.misc.Unsafe}.
 *
 * @param kind what is attempted
 * @param library the canonical path of the library, for {@link Kind#LIBRARY} only
 */
public record NativeAccess(Kind kind, String library) {

    public enum Kind {
        /** a native library loaded ({@code System.load}/{@code loadLibrary}, {@code SymbolLookup.libraryLookup}) */
        LIBRARY("load"),
        /** an FFM restricted method ({@code Linker.downcallHandle}, {@code MemorySegment.reinterpret}, ...) */
        FFM("ffm"),
        /** {@code sun.misc.Unsafe} obtained by application code */
        UNSAFE("unsafe");

        private final String action;

        Kind(String action) {
            this.action = action;
        }

        /** The action as recorded and as {@code check native} names it: {@code load}, {@code ffm}, {@code unsafe}. */
        public String action() {
            return action;
        }
    }

    /** The use of an FFM restricted method; allocated once. */
    public static final NativeAccess FFM = new NativeAccess(Kind.FFM, null);
    /** Obtaining {@code sun.misc.Unsafe}; allocated once. */
    public static final NativeAccess UNSAFE = new NativeAccess(Kind.UNSAFE, null);

    public NativeAccess {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.LIBRARY) != (library != null)) {
            throw new IllegalArgumentException("a library path goes with LIBRARY only");
        }
    }

    /** Loading the library at the canonical absolute {@code path}. */
    public static NativeAccess library(String path) {
        return new NativeAccess(Kind.LIBRARY, path);
    }
}
