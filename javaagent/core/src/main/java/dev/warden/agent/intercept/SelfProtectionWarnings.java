package dev.warden.agent.intercept;

import dev.warden.agent.config.JvmArguments;
import dev.warden.agent.record.WardenLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up warnings about JVM settings that let code undo an in-process agent: loading another
 * agent later, opening java.base to reflection, and native code without restriction, read from
 * the JVM's own argument list.
 */
public final class SelfProtectionWarnings {

    private SelfProtectionWarnings() {
    }

    public static void warn(JvmArguments arguments) {
        for (String warning : warnings(arguments.all())) {
            WardenLog.warn("self-protection: " + warning);
        }
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
