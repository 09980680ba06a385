package dev.warden.bench;

/** What one child JVM launch cost, and what it said. */
record LaunchResult(double wallMillis, double cpuMillis, long peakRssKib, int exitCode, String stdout, String stderr) {

    boolean succeeded() {
        return exitCode == 0 && stdout.contains(HelloWorld.GREETING);
    }

    double peakRssMib() {
        return peakRssKib / 1024.0;
    }
}
