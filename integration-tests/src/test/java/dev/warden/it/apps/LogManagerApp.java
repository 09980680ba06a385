package dev.warden.it.apps;

import java.util.logging.LogManager;

/**
 * Chooses its own {@code java.util.logging} manager in main, as application servers do (JBoss
 * Modules sets {@code java.util.logging.manager} before anything logs), and reports the manager the
 * JVM then has: the JDK's own when something initialised {@code java.util.logging} before main.
 */
public final class LogManagerApp {

    /** The app's manager; the JDK instantiates it by name through the system class loader. */
    public static final class AppLogManager extends LogManager {
        public AppLogManager() {
            super();
        }
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
        Report.run(() -> new String[] {"manager", LogManager.getLogManager().getClass().getName()});
    }
}
