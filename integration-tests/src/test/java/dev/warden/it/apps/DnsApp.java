package dev.warden.it.apps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Name resolution. Args:
 * <ul>
 *   <li>{@code getByName NAME} -> {@code RESULT ok addr=<ip>}</li>
 *   <li>{@code getAllByName NAME} -> {@code RESULT ok addrs=<ip,ip>}</li>
 *   <li>{@code localHostName} -> resolves the machine's own host name (InetAddress.getLocalHost().getHostName())
 *       with getByName -> {@code RESULT ok addr=<ip>}</li>
 *   <li>{@code lookupConnect NAME PORT} -> getByName(NAME), then a TCP connect to that address ->
 *       {@code RESULT ok addr=<ip> reply=pong:ping}</li>
 *   <li>{@code spoofConnect NAME IP PORT} -> InetAddress.getByAddress(NAME, IP bytes) (no lookup), then a TCP
 *       connect to it</li>
 *   <li>{@code connectEach HOST:PORT...} -> for each target, getByName(HOST) then a TCP connect and ping; one
 *       {@code RESULT <outcome> target=HOST:PORT ...} line per target (HOST may be any IP literal spelling)</li>
 * </ul>
 */
public final class DnsApp {
    public static void main(String[] args) {
        String kind = args[0];
        if (kind.equals("connectEach")) {
            for (int i = 1; i < args.length; i++) {
                String target = args[i];
                int colon = target.lastIndexOf(':');
                String host = target.substring(0, colon);
                int port = Integer.parseInt(target.substring(colon + 1));
                Report.run(new String[] {"target", target}, () -> {
                    // explicit getByName, so a DNS denial surfaces as is (InetSocketAddress(host, port) would
                    // swallow it into an unresolved address and a plain UnknownHostException)
                    InetAddress a = InetAddress.getByName(host);
                    return new String[] {"addr", a.getHostAddress(), "reply", connect(a, port)};
                });
            }
            return;
        }
        Report.run(() -> switch (kind) {
            case "getByName" -> new String[] {"addr", InetAddress.getByName(args[1]).getHostAddress()};
            case "getAllByName" -> new String[] {"addrs", Arrays.stream(InetAddress.getAllByName(args[1]))
                    .map(InetAddress::getHostAddress).sorted().collect(Collectors.joining(","))};
            case "localHostName" -> {
                String name = InetAddress.getLocalHost().getHostName();
                yield new String[] {"addr", InetAddress.getByName(name).getHostAddress()};
            }
            case "lookupConnect" -> {
                InetAddress a = InetAddress.getByName(args[1]);
                yield new String[] {"addr", a.getHostAddress(), "reply", connect(a, Integer.parseInt(args[2]))};
            }
            case "spoofConnect" -> {
                byte[] ip = InetAddress.getByName(args[2]).getAddress(); // an IP literal: not a lookup
                InetAddress a = InetAddress.getByAddress(args[1], ip);
                yield new String[] {"addr", a.getHostAddress(), "reply", connect(a, Integer.parseInt(args[3]))};
            }
            default -> throw new IllegalArgumentException("kind " + kind);
        });
    }

    private static String connect(InetAddress a, int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(a, port), 5000);
            return SocketApp.ping(s);
        }
    }
}
