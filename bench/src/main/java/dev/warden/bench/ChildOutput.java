package dev.warden.bench;

/** How a child JVM ended, how long it ran (spawn to exit), and what it wrote. */
record ChildOutput(int exitCode, double wallMillis, String stdout, String stderr) {
}
