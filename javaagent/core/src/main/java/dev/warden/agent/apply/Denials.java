package dev.warden.agent.apply;

import dev.warden.agent.decide.Decision;
import java.net.InetAddress;

/**
 * The text of a denial: {@code warden: denied <what>: <reason> [rule <rule>, <scope>]}. Each
 * access request says what was denied and which exception its API declares for it.
 */
public final class Denials {

    private static final String DENIED = "warden: denied ";

    private Denials() {
    }

    public static String message(String what, Decision decision) {
        String scope = decision.scope() == null ? "" : ", " + decision.scope();
        return DENIED + what + ": " + decision.reason() + " [rule " + decision.rule() + scope + "]";
    }

    /** The line an audit-mode run logs where enforce mode would have thrown. */
    public static String auditLine(String deniedMessage) {
        return "audit-deny (not blocked, mode audit) " + withoutPrefix(deniedMessage);
    }

    /** What was denied, why and by which rule: the message without its {@code warden: denied} prefix. */
    public static String withoutPrefix(String deniedMessage) {
        return deniedMessage.substring(DENIED.length());
    }

    /** {@code host:port} as the app named it, with the address it reached when that differs. */
    public static String target(InetAddress address, int port, String claimedName) {
        String ip = address.getHostAddress();
        String hostPort = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
        return claimedName == null || claimedName.equals(ip) ? hostPort : claimedName + ":" + port + " (" + hostPort + ")";
    }
}
