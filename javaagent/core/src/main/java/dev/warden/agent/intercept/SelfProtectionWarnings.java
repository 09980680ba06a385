package dev.warden.agent.intercept;

import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.JvmArguments;
import dev.warden.agent.record.WardenLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up warnings about JVM settings that let code undo an in-process agent: loading another
 * agent later, opening java.base to reflection, and native code without restriction; and the
 * launcher settings that contain what an in-process agent cannot (native code, {@code sun.misc.Unsafe},
 * agents loaded later), which {@code strict=true} requires. Read from the JVM's own argument list.
 */
public final class SelfProtectionWarnings {

    private final List<String> arguments;

    public SelfProtectionWarnings(JvmArguments arguments) {
        this.arguments = arguments.all();
    }

    /** With {@code strict=true}, a JVM without the containing launcher settings does not start. */
    public void refuseUncontained() throws ConfigException {
        List<String> missing = missingContainment(arguments, Runtime.version().feature());
        if (!missing.isEmpty()) {
            throw new ConfigException("strict=true needs the launcher settings that contain what an in-process agent"
                    + " cannot (native code, sun.misc.Unsafe, agents loaded later): add " + String.join(" ", missing)
                    + " to the java command line");
        }
    }

    /** Warns of risky settings. */
    public void warn() {
        for (String warning : warnings(arguments)) {
            WardenLog.warn("self-protection: " + warning);
        }
    }

    /**
     * What the start-up line adds when containing settings are missing ({@code containment: add ...}),
     * or null when none is.
     */
    public String containmentAdvice() {
        List<String> missing = missingContainment(arguments, Runtime.version().feature());
        return missing.isEmpty() ? null : "containment: add " + String.join(" ", missing)
                + " (native code, sun.misc.Unsafe and later agents are beyond an in-process agent; strict=true requires them)";
    }

    /**
     * The launcher settings that contain what Warden cannot, for this JDK feature release, that
     * {@code arguments} lacks: no agent loaded later (all), no native access by code not granted it
     * (JDK 24+), no {@code sun.misc.Unsafe} memory access (JDK 23+).
     */
    static List<String> missingContainment(List<String> arguments, int feature) {
        List<String> missing = new ArrayList<>();
        if (!arguments.contains("-XX:-EnableDynamicAgentLoading")) {
            missing.add("-XX:-EnableDynamicAgentLoading");
        }
        if (feature >= 24 && !arguments.contains("--illegal-native-access=deny")
                && !arguments.contains("-Djdk.module.illegal.native.access=deny")) {
            missing.add("--illegal-native-access=deny");
        }
        if (feature >= 23 && !arguments.contains("--sun-misc-unsafe-memory-access=deny")
                && !arguments.contains("-Dsun.misc.unsafe.memory.access=deny")) {
            missing.add("--sun-misc-unsafe-memory-access=deny");
        }
        return missing;
    }

    static List<String> warnings(List<String> arguments) {
        List<String> warnings = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.equals("-XX:+EnableDynamicAgentLoading")) {
                warnings.add("-XX:+EnableDynamicAgentLoading lets an agent be loaded into this JVM later, and an agent can undo Warden");
            } else if (argument.equals("-Djdk.attach.allowAttachSelf=true") || argument.equals("-Djdk.attach.allowAttachSelf")) {
                warnings.add("-Djdk.attach.allowAttachSelf lets the app attach an agent to itself, and an agent can undo Warden");
            } else if ((argument.startsWith("--add-opens") || argument.startsWith("-Djdk.module.addopens")) && argument.contains("java.base/")) {
                warnings.add(argument + " opens java.base to reflection: code can reach the JDK internals Warden hooks");
            } else if (argument.equals("--illegal-native-access=allow") || argument.equals("-Djdk.module.illegal.native.access=allow")) {
                warnings.add(argument + ": native code (which Warden does not see) may be loaded by any module");
            } else if ((argument.startsWith("--enable-native-access") || argument.startsWith("-Djdk.module.enable.native.access"))
                    && argument.contains("ALL-UNNAMED")) {
                warnings.add(argument + ": the app's code may call native code, which Warden does not see");
            }
        }
        return warnings;
    }
}
