package dev.warden.instrumentation.jdk.files;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.ZoneBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Encryption zones ({@link ZoneBridge}): {@code FileOutputStream}'s writes and {@code FileInputStream}'s
 * reads on a zone file go through Warden's encrypting and decrypting streams, and the NIO stream
 * entry points of {@code Files} ({@code newOutputStream} behind {@code write}, {@code writeString},
 * {@code newBufferedWriter}; {@code newInputStream} behind {@code newBufferedReader} and
 * {@code readAllLines}; {@code readAllBytes} behind {@code readString}; {@code lines}) return them.
 */
public final class FileZoneInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("java.io.FileInputStream", "java.io.FileOutputStream", "java.nio.file.Files");
    }

    /** Each matcher selects methods of one target only (the names and signatures do not overlap). */
    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(isStatic().and(named("newOutputStream")).and(takesArguments(2)), NewOutputStreamAdvice.class.getName());
        target.applyAdvice(isStatic().and(named("newInputStream")).and(takesArguments(2)), NewInputStreamAdvice.class.getName());
        target.applyAdvice(isStatic().and(named("readAllBytes")).and(takesArguments(1)), ReadAllBytesAdvice.class.getName());
        target.applyAdvice(isStatic().and(named("lines")).and(takesArguments(2)), LinesAdvice.class.getName());

        target.applyAdvice(named("open").and(takesArguments(2)).and(takesArgument(1, named("boolean"))),
                OutputOpenedAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("write")).and(takesArguments(1)).and(takesArgument(0, named("int"))),
                WriteByteAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("write")).and(takesArguments(1)).and(takesArgument(0, named("byte[]"))),
                WriteArrayAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("write")).and(takesArguments(3)), WriteRangeAdvice.class.getName());

        target.applyAdvice(named("open").and(takesArguments(1)).and(takesArgument(0, named("java.lang.String"))),
                InputOpenedAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("read")).and(takesArguments(0)), ReadByteAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("read")).and(takesArguments(1)), ReadArrayAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("read")).and(takesArguments(3)), ReadRangeAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("readAllBytes")).and(takesArguments(0)), ReadAllAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("readNBytes")).and(takesArguments(1)), ReadNAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("skip")).and(takesArguments(1)), SkipAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("available")).and(takesArguments(0)), AvailableAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("transferTo")).and(takesArguments(1)), TransferAdvice.class.getName());

        target.applyAdvice(isPublic().and(not(isStatic())).and(named("getChannel")), ChannelAdvice.class.getName());
        target.applyAdvice(isPublic().and(not(isStatic())).and(named("close")).and(takesArguments(0)), CloseAdvice.class.getName());
    }

    public static final class OutputOpenedAdvice {
        private OutputOpenedAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.This FileOutputStream self, @Advice.Argument(0) String name,
                @Advice.Argument(1) boolean append) throws FileNotFoundException {
            ZoneBridge.openedOutput(self, name, append);
        }
    }

    public static final class InputOpenedAdvice {
        private InputOpenedAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.This FileInputStream self, @Advice.Argument(0) String name) throws FileNotFoundException {
            ZoneBridge.openedInput(self, name);
        }
    }

    public static final class WriteByteAdvice {
        private WriteByteAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This Object self, @Advice.Argument(0) int b) throws IOException {
            Object zone = ZoneBridge.zoneOf(self);
            if (zone == null) {
                return false;
            }
            ZoneBridge.write(zone, b);
            return true;
        }
    }

    public static final class WriteArrayAdvice {
        private WriteArrayAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This Object self, @Advice.Argument(0) byte[] b) throws IOException {
            Object zone = ZoneBridge.zoneOf(self);
            if (zone == null) {
                return false;
            }
            ZoneBridge.write(zone, b, 0, b.length);
            return true;
        }
    }

    public static final class WriteRangeAdvice {
        private WriteRangeAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This Object self, @Advice.Argument(0) byte[] b, @Advice.Argument(1) int off,
                @Advice.Argument(2) int len) throws IOException {
            Object zone = ZoneBridge.zoneOf(self);
            if (zone == null) {
                return false;
            }
            ZoneBridge.write(zone, b, off, len);
            return true;
        }
    }

    /** A channel would read or write past the encryption: refused for a stream on a zone file. */
    public static final class ChannelAdvice {
        private ChannelAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object self) {
            if (ZoneBridge.zoneOf(self) != null) {
                String denial = "warden: denied the FileChannel of a stream on an encryption zone file: channels bypass the encryption";
                throw new UncheckedIOException(denial, new java.nio.file.AccessDeniedException(denial));
            }
        }
    }

    public static final class ReadByteAdvice {
        private ReadByteAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            return ZoneBridge.zoneOf(self);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object zone, @Advice.Return(readOnly = false) int read) throws IOException {
            if (zone != null) {
                read = ZoneBridge.read(zone);
            }
        }
    }

    public static final class ReadArrayAdvice {
        private ReadArrayAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            return ZoneBridge.zoneOf(self);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object zone, @Advice.Argument(0) byte[] b, @Advice.Return(readOnly = false) int read)
                throws IOException {
            if (zone != null) {
                read = ZoneBridge.read(zone, b, 0, b.length);
            }
        }
    }

    public static final class ReadRangeAdvice {
        private ReadRangeAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            return ZoneBridge.zoneOf(self);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object zone, @Advice.Argument(0) byte[] b, @Advice.Argument(1) int off,
                @Advice.Argument(2) int len, @Advice.Return(readOnly = false) int read) throws IOException {
            if (zone != null) {
                read = ZoneBridge.read(zone, b, off, len);
            }
        }
    }

    public static final class ReadAllAdvice {
        private ReadAllAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            return ZoneBridge.zoneOf(self);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object zone, @Advice.Return(readOnly = false) byte[] read) throws IOException {
            if (zone != null) {
                read = ZoneBridge.readAllBytes(zone);
            }
        }
    }

    public static final class ReadNAdvice {
        private ReadNAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            return ZoneBridge.zoneOf(self);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object zone, @Advice.Argument(0) int len, @Advice.Return(readOnly = false) byte[] read)
                throws IOException {
            if (zone != null) {
                read = ZoneBridge.readNBytes(zone, len);
            }
        }
    }

    public static final class SkipAdvice {
        private SkipAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            return ZoneBridge.zoneOf(self);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object zone, @Advice.Argument(0) long n, @Advice.Return(readOnly = false) long skipped)
                throws IOException {
            if (zone != null) {
                skipped = ZoneBridge.skip(zone, n);
            }
        }
    }

    public static final class AvailableAdvice {
        private AvailableAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            return ZoneBridge.zoneOf(self);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object zone, @Advice.Return(readOnly = false) int available) throws IOException {
            if (zone != null) {
                available = ZoneBridge.available(zone);
            }
        }
    }

    /** JDK 21+: {@code FileInputStream.transferTo} copies through a channel; a zone file copies its plaintext. */
    public static final class TransferAdvice {
        private TransferAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            return ZoneBridge.zoneOf(self);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object zone, @Advice.Argument(0) OutputStream out,
                @Advice.Return(readOnly = false) long transferred) throws IOException {
            if (zone != null) {
                transferred = ZoneBridge.transferTo(zone, out);
            }
        }
    }

    /** An encrypting stream seals its last segment before the file is closed. */
    public static final class CloseAdvice {
        private CloseAdvice() {
        }

        @Advice.OnMethodEnter
        static IOException enter(@Advice.This Object self) {
            return ZoneBridge.closing(self);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter IOException failed) throws IOException {
            if (failed != null) {
                throw failed;
            }
        }
    }

    public static final class NewOutputStreamAdvice {
        private NewOutputStreamAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static OutputStream enter(@Advice.Argument(0) Path path, @Advice.Argument(1) OpenOption[] options) throws IOException {
            return ZoneBridge.newOutputStream(path, options);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter OutputStream zone,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) OutputStream stream) {
            if (zone != null) {
                stream = zone;
            }
        }
    }

    public static final class NewInputStreamAdvice {
        private NewInputStreamAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static InputStream enter(@Advice.Argument(0) Path path, @Advice.Argument(1) OpenOption[] options) throws IOException {
            return ZoneBridge.newInputStream(path, options);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter InputStream zone,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) InputStream stream) {
            if (zone != null) {
                stream = zone;
            }
        }
    }

    public static final class ReadAllBytesAdvice {
        private ReadAllBytesAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static byte[] enter(@Advice.Argument(0) Path path) throws IOException {
            return ZoneBridge.readAllBytes(path);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter byte[] zone, @Advice.Return(readOnly = false) byte[] content) {
            if (zone != null) {
                content = zone;
            }
        }
    }

    /** {@code Files.lines} reads through a channel (even a memory map): a zone file's lines come from its plaintext. */
    public static final class LinesAdvice {
        private LinesAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static InputStream enter(@Advice.Argument(0) Path path) throws IOException {
            return ZoneBridge.newInputStream(path, new OpenOption[0]);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter InputStream zone, @Advice.Argument(1) Charset charset,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Stream<String> lines) {
            if (zone != null) {
                lines = ZoneBridge.lines(zone, charset);
            }
        }
    }
}
