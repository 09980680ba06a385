package dev.warden.agent.apply;

import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.EgressDecider;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * The exceptions a denial throws: the type the JDK API already declares for that failure, and a
 * message that starts with {@code warden: denied} and names the target and the reason.
 */
public final class Denials {

    private Denials() {
    }

    public static ConnectException request(String method, String url, Decision decision) {
        return new ConnectException(message(method + " " + url, decision));
    }

    /**
     * A redirect hop the client must not follow. Not a ConnectException: the JDK HttpClient would
     * retry the whole exchange on one, sending the allowed first request twice.
     */
    public static IOException redirect(String method, String url, Decision decision) {
        return new IOException(message("redirect to " + method + " " + url, decision));
    }

    /**
     * A redirect hop an HTTP client library must not follow. A ConnectException: OkHttp and Apache
     * HttpClient never retry one, while they retry other IOExceptions of idempotent requests.
     */
    public static ConnectException libraryRedirect(String method, String url, Decision decision) {
        return new ConnectException(message("redirect to " + method + " " + url, decision));
    }

    public static ConnectException connect(InetAddress address, int port, String claimedName, Decision decision) {
        return new ConnectException(message("connect to " + target(address, port, claimedName), decision));
    }

    public static SocketException datagram(InetAddress address, int port, Decision decision) {
        return new SocketException(message("UDP send to " + target(address, port, null), decision));
    }

    /** A write refused because its destination's bytes-out budget is spent. */
    public static SocketException bytesOut(InetAddress address, int port, Decision decision) {
        return new SocketException(message("sending to " + target(address, port, EgressDecider.claimedName(address)), decision));
    }

    public static UnknownHostException lookup(String host, Decision decision) {
        return new UnknownHostException(message("DNS lookup of " + host, decision));
    }

    /**
     * The message of a denied file access; the path as the app wrote it, and the canonical one
     * when they differ.
     */
    public static String file(String access, String path, String canonicalPath, Decision decision) {
        String shown = path.equals(canonicalPath) ? path : path + " (" + canonicalPath + ")";
        return message(access + " of " + shown, decision);
    }

    /** The message of a refused JDBC connection (advice throws it as SQLException, SQLState 42501). */
    public static String databaseConnect(String url, Decision decision) {
        return message("connect to database " + url, decision);
    }

    /** The message of refused SQL: {@code operation} is the statement's kind, e.g. DROP. */
    public static String sql(String operation, String url, Decision decision) {
        return message((operation == null ? "SQL" : operation) + " on " + url, decision);
    }

    /** A process that must not start; the argv is shown as a list, so spaces inside arguments stay visible. */
    public static IOException process(String[] argv, Decision decision) {
        return new IOException(message("start of process " + java.util.Arrays.toString(argv), decision));
    }

    /** The line an audit-mode run logs where enforce mode would have thrown. */
    public static String auditLine(String deniedMessage) {
        return "audit-deny (not blocked, mode audit) " + deniedMessage.substring("warden: denied ".length());
    }

    private static String message(String what, Decision decision) {
        String scope = decision.scope() == null ? "" : ", " + decision.scope();
        return "warden: denied " + what + ": " + decision.reason() + " [rule " + decision.rule() + scope + "]";
    }

    private static String target(InetAddress address, int port, String claimedName) {
        String ip = address.getHostAddress();
        String hostPort = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
        return claimedName == null || claimedName.equals(ip) ? hostPort : claimedName + ":" + port + " (" + hostPort + ")";
    }
}
