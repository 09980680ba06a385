package dev.warden.agent.intercept;

import dev.warden.agent.access.OtherAgents;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which loaded classes the transformer weaves, for the classes it never saw being defined: those
 * loaded before Warden (the JDK's, and an agent's listed before it), and those loaded on a thread
 * while it was inside Warden's transformer (the JVM does not call an agent's transformers again on
 * that thread). By name, and by target supertype read from the loaded class ({@link SupertypeMatcher}),
 * then the superclasses advised with those, after their subclasses (as when they are loaded). The
 * supertype matcher records them too, so their subclasses are answered without reading them.
 */
final class LoadedTargets {

    private final Set<String> names;
    private final SupertypeMatcher supertypes;
    private final OtherAgents otherAgents;
    private final Instrumentation instrumentation;

    /** {@code names}: binary names of the classes woven by name. */
    LoadedTargets(Set<String> names, SupertypeMatcher supertypes, OtherAgents otherAgents, Instrumentation instrumentation) {
        this.names = Set.copyOf(names);
        this.supertypes = supertypes;
        this.otherAgents = otherAgents;
        this.instrumentation = instrumentation;
    }

    List<Class<?>> among(Class<?>[] loaded) {
        supertypes.recordLoaded(loaded);
        List<Class<?>> targets = new ArrayList<>();
        Set<Class<?>> superclasses = new LinkedHashSet<>();
        for (Class<?> type : loaded) {
            if (otherAgents.definesForItself(type)) {
                continue; // another agent's own code, as the transformer leaves it
            }
            if (names.contains(type.getName())) {
                targets.add(type);
            } else if (supertypes.implementsTarget(type) && instrumentation.isModifiableClass(type)) {
                targets.add(type);
                superclasses.addAll(supertypes.advisedSuperclasses(type));
            }
        }
        for (Class<?> superclass : superclasses) {
            if (!targets.contains(superclass) && instrumentation.isModifiableClass(superclass)) {
                targets.add(superclass);
            }
        }
        return targets;
    }
}
