package dev.warden.bootstrap;

/** What the agent decides when code tries to reach into Warden itself. */
public interface SelfProtectionHooks {

    /** Null when allowed, else the denial message: reflective access by {@code caller} to a member of {@code declaring}. */
    String reflectiveAccess(Class<?> caller, Class<?> declaring);

    /** Null when allowed, else the denial message: a redefinition or retransformation of these classes. */
    String redefinition(Class<?>[] classes);
}
