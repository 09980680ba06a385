package dev.warden.agent.decide;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which host names each address came from, as seen by mediated DNS lookups. A connect to an
 * address is allowed by a name rule only when a lookup of that name returned the address, so an
 * {@code InetAddress} that merely claims an allowed name ({@code getByAddress(name, otherIp)})
 * opens nothing. Bounded: the least recently used addresses are forgotten first.
 */
public final class ResolvedNames {

    private static final int NAMES_PER_ADDRESS = 4;
    private static final String[] NONE = new String[0];

    private final Map<InetAddress, String[]> namesByAddress;

    public ResolvedNames(int capacity) {
        this.namesByAddress = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, String[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers that a lookup of {@code host} returned these addresses. */
    public void record(String host, InetAddress[] addresses) {
        String name = normalise(host);
        synchronized (namesByAddress) {
            for (InetAddress address : addresses) {
                String[] names = namesByAddress.get(address);
                if (names == null) {
                    namesByAddress.put(address, new String[] {name});
                } else if (!contains(names, name)) {
                    String[] grown = names.length < NAMES_PER_ADDRESS
                            ? Arrays.copyOf(names, names.length + 1)
                            : Arrays.copyOfRange(names, 1, names.length + 1);
                    grown[grown.length - 1] = name;
                    namesByAddress.put(address, grown);
                }
            }
        }
    }

    /** The names whose lookups returned this address; empty when none did. */
    public String[] namesOf(InetAddress address) {
        synchronized (namesByAddress) {
            String[] names = namesByAddress.get(address);
            return names == null ? NONE : names;
        }
    }

    private static boolean contains(String[] names, String name) {
        for (String existing : names) {
            if (existing.equals(name)) {
                return true;
            }
        }
        return false;
    }

    static String normalise(String host) {
        String lower = host.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
