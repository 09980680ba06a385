package dev.warden.it.apps;

/**
 * Does nothing but say it ran: fail-closed tests check that main never runs. With a system
 * property's name as its argument it reports that property's value as the JVM has it in main.
 */
public final class HelloApp {
    public static final String MAIN_RAN = "HELLO main ran";

    public static void main(String[] args) {
        System.out.println(MAIN_RAN);
        if (args.length == 1) {
            Report.ok(args[0], System.getProperty(args[0]));
        } else {
            Report.ok("main", "ran");
        }
    }
}
