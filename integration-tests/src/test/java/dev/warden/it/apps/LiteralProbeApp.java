package dev.warden.it.apps;

import java.net.InetAddress;

/**
 * Tells how this JDK parses each argument: one {@code RESULT ok literal=<arg> addr=<ip>} line per argument that
 * resolves, {@code RESULT error literal=<arg> ...} otherwise. Run WITHOUT the agent and with an empty
 * {@code jdk.net.hosts.file}, so only IP literals resolve.
 */
public final class LiteralProbeApp {
    public static void main(String[] args) {
        for (String a : args) {
            try {
                System.out.println("RESULT ok literal=" + Report.escape(a) + " addr=" + InetAddress.getByName(a).getHostAddress());
            } catch (Exception e) {
                System.out.println("RESULT error literal=" + Report.escape(a) + " type=" + e.getClass().getName());
            }
        }
    }
}
