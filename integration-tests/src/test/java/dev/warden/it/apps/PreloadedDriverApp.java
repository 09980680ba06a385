package dev.warden.it.apps;

import java.sql.Driver;
import java.util.Properties;
import java.util.TimerTask;

/**
 * Connects with the JDBC driver that {@link PreloadingAgent} loaded before Warden started, and prints
 * {@code RESULT ok connect-ran=true|false} or the failure. Prints {@link #MAIN_RAN} first.
 * <ul>
 * <li>{@code connect URL}: with the driver as it is;</li>
 * <li>{@code after-warden-weaves URL}: first loads a class Warden weaves with ByteBuddy (so that Warden
 * builds its weaver, during which the agent loads its driver), then waits for Warden's late weaving
 * thread to end;</li>
 * <li>{@code family URL}: with {@code FamilyDriver}, a driver only through the app's interface
 * {@code DriverFamily}, which is loaded first (if the agent did not load it before Warden).</li>
 * </ul>
 */
public final class PreloadedDriverApp {
    public static final String MAIN_RAN = "PRELOADED main ran";
    static final String PRELOADED_DRIVER = "dev.warden.it.apps.preloaded.PreloadedDriver";
    static final String DRIVER_FAMILY = "dev.warden.it.apps.preloaded.DriverFamily";
    static final String FAMILY_DRIVER = "dev.warden.it.apps.preloaded.FamilyDriver";

    private PreloadedDriverApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(MAIN_RAN);
        if (args[0].equals("after-warden-weaves")) {
            Class.forName(BuildsWardensWeaver.class.getName(), false, PreloadedDriverApp.class.getClassLoader());
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("warden-instrumentation-late")) {
                    thread.join();
                }
            }
        }
        if (args[0].equals("family")) {
            Class.forName(DRIVER_FAMILY, false, PreloadedDriverApp.class.getClassLoader());
            PreloadingAgent.preloaded = Class.forName(FAMILY_DRIVER, false, PreloadedDriverApp.class.getClassLoader());
        }
        Report.run(() -> {
            Class<?> type = PreloadingAgent.preloaded;
            Driver driver = (Driver) type.getConstructor().newInstance();
            driver.connect(args[1], new Properties());
            return new String[] {"connect-ran", String.valueOf(type.getField("connectRan").getBoolean(null))};
        });
    }

    /** A {@code TimerTask}: its class is the first Warden weaves with ByteBuddy. */
    static final class BuildsWardensWeaver extends TimerTask {
        @Override
        public void run() {
        }
    }
}
