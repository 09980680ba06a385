package dev.warden.it.apps;

/** Sleeps for the given number of milliseconds (harness timeout test). */
public final class SleepApp {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]));
        Report.ok("slept", args[0]);
    }
}
