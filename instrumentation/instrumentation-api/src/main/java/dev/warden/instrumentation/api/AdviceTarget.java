package dev.warden.instrumentation.api;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Where an instrumentation says which methods of its target get which advice class. */
public interface AdviceTarget {

    /** Inlines the advice class (by its binary name) into every method the matcher selects. */
    void applyAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName);
}
