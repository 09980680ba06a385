package dev.warden.bootstrap;

/** Per-thread flags that the bridge keeps: one small object per thread that reaches a hook. */
final class ThreadState {
    /** Warden's own code is running on this thread: what it causes is not mediated again. */
    boolean inside;
    /**
     * A thread that Warden started for its own work (export, reload): never mediated. Threads it
     * starts in turn (an exporter's HTTP dispatcher) inherit the mark; app threads never get it.
     */
    boolean own;
    /** A DatagramChannel connect is under way: the next socket connect is UDP. */
    boolean datagramConnect;
    /**
     * A {@code SocksSocketImpl} connect to this destination is under way: a socket connect to
     * another address is to its SOCKS proxy, which is then asked for this destination.
     */
    java.net.SocketAddress socksDestination;
    /**
     * A Netty {@code ProxyHandler} connect is under way and the destination it will ask its proxy
     * for was decided: the socket connect inside it is to that proxy.
     */
    boolean proxyDestinationDecided;
    /**
     * The innermost JDBC call under way that Warden decided (linked to the
     * ones around it): a call inside it is shown to the hooks with it, to tell a delegation of the
     * same access from a new one.
     */
    JdbcBridge.Call jdbcCall;
    /** The JDBC hooks are running: JDBC the app's code runs for them is refused, not skipped. */
    boolean jdbcHooks;

    private static final InheritableThreadLocal<ThreadState> CURRENT = new InheritableThreadLocal<ThreadState>() {
        @Override
        protected ThreadState initialValue() {
            return new ThreadState();
        }

        @Override
        protected ThreadState childValue(ThreadState parent) {
            ThreadState child = new ThreadState();
            child.own = parent.own;
            return child;
        }
    };

    static ThreadState current() {
        return CURRENT.get();
    }
}
