package dev.warden.bench;

/** The application {@link StartupBench} launches: it starts, prints one line and exits, nothing else. */
public final class HelloWorld {

    static final String GREETING = "hello from warden-bench";

    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println(GREETING);
    }
}
