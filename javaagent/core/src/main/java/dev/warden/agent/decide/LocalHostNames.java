package dev.warden.agent.decide;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Names whose lookup is never a way out: {@code localhost} and this machine's own host name
 * (the JDK resolves it for {@code getLocalHost}, logging and JMX). Read once, when first needed.
 */
final class LocalHostNames {

    private static volatile String machineName;

    private LocalHostNames() {
    }

    static boolean isLocal(String host) {
        if (host.equalsIgnoreCase("localhost") || host.equalsIgnoreCase("localhost.")) {
            return true;
        }
        String own = machineName;
        if (own == null) {
            own = readMachineName();
            machineName = own;
        }
        return !own.isEmpty() && host.toLowerCase(Locale.ROOT).equals(own);
    }

    private static String readMachineName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII)
                    .trim().toLowerCase(Locale.ROOT);
        } catch (IOException | RuntimeException notLinux) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "" : env.trim().toLowerCase(Locale.ROOT);
        }
    }
}
