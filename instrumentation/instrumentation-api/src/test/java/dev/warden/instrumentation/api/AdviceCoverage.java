package dev.warden.instrumentation.api;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * For instrumentation tests: applies an instrumentation to the real JDK (or library) classes of
 * the running JVM and reports, per advice class, how many methods its matcher selects. A JDK that
 * renamed or re-signed a hooked method shows up as zero here instead of as a silent gap.
 */
public final class AdviceCoverage {

    public record Selection(String typeName, String adviceClassName, List<String> methods) {
    }

    private AdviceCoverage() {
    }

    public static List<Selection> of(WardenInstrumentation instrumentation) throws ClassNotFoundException {
        return of(instrumentation, ClassLoader.getPlatformClassLoader());
    }

    /**
     * The same for a library's classes as {@code loader} holds them; target types the loader does
     * not hold (another version's) are left out.
     */
    public static List<Selection> of(WardenInstrumentation instrumentation, ClassLoader loader)
            throws ClassNotFoundException {
        List<Selection> selections = new ArrayList<>();
        for (String typeName : instrumentation.targetTypes()) {
            Class<?> loaded;
            try {
                loaded = Class.forName(typeName, false, loader);
            } catch (ClassNotFoundException notInThisVersion) {
                // a target of another version of the library (OkHttp 3's call class beside OkHttp 4's):
                // nothing to select here; a missing method still shows in the caller's expected selections
                continue;
            }
            TypeDescription type = TypeDescription.ForLoadedType.of(loaded);
            instrumentation.transform((ElementMatcher<? super MethodDescription> methods, String advice) -> {
                List<String> selected = new ArrayList<>();
                for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
                    if (methods.matches(method)) {
                        selected.add(method.toString());
                    }
                }
                selections.add(new Selection(typeName, advice, selected));
            });
        }
        return selections;
    }

    /** Which methods of {@code type} (a library class, e.g. a JDBC driver's) each advice selects. */
    public static List<Selection> onType(WardenInstrumentation instrumentation, Class<?> type) {
        List<Selection> selections = new ArrayList<>();
        TypeDescription description = TypeDescription.ForLoadedType.of(type);
        instrumentation.transform((ElementMatcher<? super MethodDescription> methods, String advice) -> {
            List<String> selected = new ArrayList<>();
            for (MethodDescription.InDefinedShape method : description.getDeclaredMethods()) {
                if (methods.matches(method)) {
                    selected.add(method.getName() + method.getDescriptor());
                }
            }
            selections.add(new Selection(type.getName(), advice, selected));
        });
        return selections;
    }
}
