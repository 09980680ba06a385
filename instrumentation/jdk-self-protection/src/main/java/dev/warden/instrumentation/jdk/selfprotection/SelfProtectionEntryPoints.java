package dev.warden.instrumentation.jdk.selfprotection;

import static dev.warden.instrumentation.api.EntryPoint.at;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.List;

/**
 * Protects Warden from the app ({@code SelfProtectionBridge}): reflection into {@code dev.warden}
 * classes from the app's loaders, and {@code Instrumentation} calls that would redefine Warden's
 * classes or strip its hooks from the JDK classes it weaves, and the start of every agent after
 * Warden's (whose transformers then run after Warden's). The reflection check runs on every
 * {@code setAccessible} in the JVM: anything not about a Warden class leaves after one string
 * comparison. See {@code docs/monitoring.md}.
 */
public final class SelfProtectionEntryPoints implements EntryPointCatalogue {

    private static final String SELF = "dev.warden.bootstrap.SelfProtectionBridge";
    private static final String INSTRUMENTATION = "sun.instrument.InstrumentationImpl";

    @Override
    public List<EntryPoint> entryPoints() {
        return List.of(
                // behind every setAccessible and trySetAccessible
                at("java.lang.reflect.AccessibleObject", "checkCanSetAccessible(java.lang.Class, java.lang.Class, boolean)")
                        .arguments(0, 1, 2).access("reflection into Warden",
                                "throws InaccessibleObjectException (setAccessible), returns false (trySetAccessible)")
                        .skipIf(SELF, "deniesSetAccessible"),
                at("java.lang.invoke.MethodHandles", "privateLookupIn(java.lang.Class, java.lang.invoke.MethodHandles$Lookup)")
                        .arguments(0, 1).access("reflection into Warden", "throws IllegalAccessException")
                        .before(SELF, "checkPrivateLookup"),
                // Warden's own classes refused; the hooked JDK classes left out while an agent started after Warden
                at(INSTRUMENTATION, "retransformClasses(java.lang.Class[])").arguments(0)
                        .access("retransformation of Warden's or hooked classes",
                                "throws UnmodifiableClassException (Warden's classes), retransforms the rest (hooked classes)")
                        .replaceArgument(SELF, "retransformable"),
                at(INSTRUMENTATION, "redefineClasses(java.lang.instrument.ClassDefinition[])").arguments(0)
                        .access("redefinition of Warden's or hooked classes", "throws UnmodifiableClassException")
                        .before(SELF, "checkRedefine"),
                // every agent's start after Warden's own: its transformers run after Warden's
                at(INSTRUMENTATION, "loadClassAndStartAgent(java.lang.String, java.lang.String, java.lang.String)").arguments(0)
                        .access("an agent starting", "none: recorded").before(SELF, "agentStarting"));
    }
}
