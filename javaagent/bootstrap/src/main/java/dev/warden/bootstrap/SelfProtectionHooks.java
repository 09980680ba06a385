package dev.warden.bootstrap;

import java.lang.instrument.UnmodifiableClassException;

/** What the agent decides when code tries to reach into Warden itself. */
public interface SelfProtectionHooks {

    /** Null when allowed, else the denial message: reflective access by {@code caller} to a member of {@code declaring}. */
    String reflectiveAccess(Class<?> caller, Class<?> declaring);

    /** Null when allowed, else the denial message: a redefinition of these classes ({@code Instrumentation.redefineClasses}). */
    String redefinition(Class<?>[] classes);

    /**
     * The classes a retransformation ({@code Instrumentation.retransformClasses}) goes on with: all of
     * them, or those left once the JDK classes carrying Warden's checks are taken out; refused with
     * the exception when it holds Warden's own classes.
     */
    Class<?>[] retransformable(Class<?>[] classes) throws UnmodifiableClassException;

    /** An agent ({@code agentClass}: its Premain-Class or Agent-Class) starts after Warden. */
    void agentStarting(String agentClass);
}
