package dev.warden.it.apps;

/** Does nothing but say it ran: fail-closed tests check that main never runs. */
public final class HelloApp {
    public static final String MAIN_RAN = "HELLO main ran";

    public static void main(String[] args) {
        System.out.println(MAIN_RAN);
        Report.ok("main", "ran");
    }
}
