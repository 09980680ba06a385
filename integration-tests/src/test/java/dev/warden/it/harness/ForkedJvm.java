package dev.warden.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a {@code main} class in a fresh JVM (JDK 17 or 25), optionally with the Warden agent attached, and
 * captures its exit code, stdout and stderr.
 *
 * <pre>{@code
 * ForkedJvm.Result r = ForkedJvm.on(Jdk.JDK25)
 *         .agentPolicy(policyFile)            // -javaagent:<warden.agent.jar>=policy=<file>
 *         .otlp(receiver)                     // OTEL_* env pointing at an OtlpReceiver
 *         .main(HttpClientApp.class, "send", "GET", url)
 *         .run();
 * AppResult result = r.result();             // the app's "RESULT ..." line
 * }</pre>
 *
 * The class path defaults to this module's test class path (apps live in the test sources); {@link
 * Builder#classpathExtra} adds to it, {@link Builder#classpath} replaces it. The environment is the parent's
 * minus anything that could change the outcome ({@code WARDEN_*}, {@code OTEL_*}, {@code JAVA_TOOL_OPTIONS},
 * ...), plus what the builder sets.
 */
public final class ForkedJvm {

    /** Env variables of the parent process that never leak into a forked app. */
    private static final List<String> SCRUBBED_ENV_PREFIXES =
            List.of("WARDEN_", "OTEL_", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH");

    /** An app run normally takes 1-3 s; a hung JVM (deadlocked agent) is killed after this. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private ForkedJvm() {}

    public static Builder on(Jdk jdk) {
        return new Builder(jdk);
    }

    /** This module's test class path (test classes, main classes, test dependencies). */
    public static List<Path> testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                // the provided-scope agent artifact is on surefire's class path only to order the reactor
                .filter(p -> !p.getFileName().toString().startsWith("warden-agent"))
                // so is the Spring Boot app, which runs from its own executable jar (SpringBootIT)
                .filter(p -> !p.toString().contains("spring-boot-app"))
                .collect(Collectors.toList());
    }

    /** The directory holding the compiled test classes (and so the test apps). */
    public static Path testClassesDir() {
        try {
            return Path.of(ForkedJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private final Jdk jdk;
        private String agentArgs;
        private Path agentJar;
        private boolean withAgent;
        /** Where Warden's -javaagent goes among the JVM arguments: as the builder was called, so the order of agents is the test's. */
        private int agentPosition;
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> sysProps = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private List<Path> classpath = testClasspath();
        private final List<Path> extraClasspath = new ArrayList<>();
        private String mainClass;
        private final List<String> args = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Path workDir;

        private Builder(Jdk jdk) {
            this.jdk = Objects.requireNonNull(jdk);
            // short-lived apps: cheap JIT and GC, fewer threads on a 2-core box
            jvmArgs.add("-XX:TieredStopAtLevel=1");
            jvmArgs.add("-XX:+UseSerialGC");
            jvmArgs.add("-Xss1m");
        }

        /** {@code -javaagent:<warden.agent.jar>[=args]}; {@code args} may be null for a bare attach. */
        public Builder agent(String args) {
            return agent(WardenAgent.jar(), args);
        }

        public Builder agent(Path jar, String args) {
            this.withAgent = true;
            this.agentPosition = jvmArgs.size();
            this.agentJar = jar;
            this.agentArgs = args;
            return this;
        }

        /** {@code -javaagent:<jar>=policy=<file>[,option...]}. */
        public Builder agentPolicy(Path policyFile, String... moreOptions) {
            StringBuilder sb = new StringBuilder("policy=").append(policyFile.toAbsolutePath());
            for (String o : moreOptions) {
                sb.append(',').append(o);
            }
            return agent(sb.toString());
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder sysProp(String key, String value) {
            sysProps.put(key, value);
            return this;
        }

        public Builder sysProps(Map<String, String> props) {
            sysProps.putAll(props);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> vars) {
            env.putAll(vars);
            return this;
        }

        /** Exports telemetry of the forked JVM to {@code receiver} (OTEL_* environment). */
        public Builder otlp(OtlpReceiver receiver) {
            return env(receiver.exporterEnv());
        }

        public Builder classpath(List<Path> entries) {
            this.classpath = new ArrayList<>(entries);
            return this;
        }

        public Builder classpathExtra(Path... entries) {
            extraClasspath.addAll(Arrays.asList(entries));
            return this;
        }

        public Builder main(Class<?> mainClass, String... args) {
            return main(mainClass.getName(), args);
        }

        public Builder main(String mainClass, String... args) {
            this.mainClass = mainClass;
            this.args.clear();
            this.args.addAll(Arrays.asList(args));
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public List<String> command() {
            Objects.requireNonNull(mainClass, "main class");
            List<String> cmd = new ArrayList<>();
            cmd.add(jdk.javaExecutable().toString());
            cmd.addAll(jvmArgs.subList(0, withAgent ? agentPosition : jvmArgs.size()));
            if (withAgent) {
                cmd.add("-javaagent:" + agentJar.toAbsolutePath() + (agentArgs == null ? "" : "=" + agentArgs));
                cmd.addAll(jvmArgs.subList(agentPosition, jvmArgs.size()));
            }
            sysProps.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            List<Path> cp = new ArrayList<>(classpath);
            cp.addAll(extraClasspath);
            cmd.add("-cp");
            cmd.add(cp.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            cmd.add(mainClass);
            cmd.addAll(args);
            return cmd;
        }

        public Result run() {
            return start().finish();
        }

        /** Starts the JVM without waiting for it: for tests that act when it has printed something ({@link Running}). */
        public Running start() {
            List<String> cmd = command();
            Path tmp;
            try {
                tmp = Files.createTempDirectory("warden-it-jvm");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path out = tmp.resolve("stdout.txt");
            Path err = tmp.resolve("stderr.txt");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            Map<String, String> penv = pb.environment();
            penv.keySet().removeIf(k -> SCRUBBED_ENV_PREFIXES.stream().anyMatch(k::startsWith));
            penv.putAll(env);
            try {
                return new Running(this, cmd, pb.start(), tmp, out, err, System.nanoTime());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A forked JVM still running: wait for the lines it prints, then {@link #finish()} it. */
    public static final class Running {
        private final Builder builder;
        private final List<String> cmd;
        private final Process process;
        private final Path tmp;
        private final Path out;
        private final Path err;
        private final long startNanos;

        private Running(Builder builder, List<String> cmd, Process process, Path tmp, Path out, Path err, long startNanos) {
            this.builder = builder;
            this.cmd = cmd;
            this.process = process;
            this.tmp = tmp;
            this.out = out;
            this.err = err;
            this.startNanos = startNanos;
        }

        /**
         * Waits until the JVM has printed, after its first {@code after} non-blank stderr lines, a line that
         * matches; returns that line's index among the non-blank ones. Fails when the JVM exits or its
         * timeout passes first.
         */
        public int awaitStderrLine(String what, java.util.function.Predicate<String> line, int after) {
            return awaitLine(err, "stderr", what, line, after).index();
        }

        /** As {@link #awaitStderrLine}, on stdout (where an app's logger prints); returns the matching line. */
        public String awaitStdoutLine(String what, java.util.function.Predicate<String> line) {
            return awaitLine(out, "stdout", what, line, 0).line();
        }

        private record Found(int index, String line) {
        }

        private Found awaitLine(Path file, String stream, String what, java.util.function.Predicate<String> line, int after) {
            long deadline = startNanos + builder.timeout.toNanos();
            while (true) {
                List<String> lines = linesSoFar(file);
                for (int i = after; i < lines.size(); i++) {
                    if (line.test(lines.get(i))) {
                        return new Found(i, lines.get(i));
                    }
                }
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the forked JVM " + (process.isAlive() ? "did not print " : "exited before printing ")
                            + what + "; its " + stream + " so far:\n" + String.join("\n", linesSoFar(file))
                            + (file == out ? "\nits stderr so far:\n" + String.join("\n", linesSoFar(err)) : ""));
                }
                Awaits.sleep(20);
            }
        }

        private static List<String> linesSoFar(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Ends an app that would run on (SIGTERM: its shutdown hooks run), then as {@link #finish()}. */
        public Result stop() {
            process.destroy();
            return finish();
        }

        /** Waits for the JVM to exit (within its timeout, else a thread dump and a kill). */
        public Result finish() {
            boolean timedOut = false;
            int exit;
            try {
                long left = builder.timeout.toNanos() - (System.nanoTime() - startNanos);
                if (!process.waitFor(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                    timedOut = true;
                    threadDump(process);
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                exit = process.isAlive() ? -1 : process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            long endMillis = System.currentTimeMillis();
            try {
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                Files.deleteIfExists(tmp);
                return new Result(builder.jdk, cmd, builder.env, exit, timedOut, stdout, stderr, elapsed, endMillis);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** SIGQUIT: the JVM prints all thread stacks on its stdout (captured), so a hang can be diagnosed. */
    private static void threadDump(Process p) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-3", String.valueOf(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1000);
        } catch (IOException ignored) {
            // no kill(1): no dump
        }
    }

    /** What a forked JVM did. */
    public static final class Result {
        private final Jdk jdk;
        private final List<String> command;
        private final Map<String, String> env;
        private final int exitCode;
        private final boolean timedOut;
        private final String stdout;
        private final String stderr;
        private final Duration elapsed;
        private final long exitedAtMillis;

        Result(Jdk jdk, List<String> command, Map<String, String> env, int exitCode, boolean timedOut,
               String stdout, String stderr, Duration elapsed, long exitedAtMillis) {
            this.exitedAtMillis = exitedAtMillis;
            this.jdk = jdk;
            this.command = List.copyOf(command);
            this.env = Map.copyOf(env);
            this.exitCode = exitCode;
            this.timedOut = timedOut;
            this.stdout = stdout;
            this.stderr = stderr;
            this.elapsed = elapsed;
        }

        public Jdk jdk() {
            return jdk;
        }

        public int exitCode() {
            return exitCode;
        }

        public boolean timedOut() {
            return timedOut;
        }

        public String stdout() {
            return stdout;
        }

        public String stderr() {
            return stderr;
        }

        public Duration elapsed() {
            return elapsed;
        }

        /**
         * Time from the end of the app's work to the JVM's exit (shutdown hooks, e.g. a final telemetry flush).
         * Needs the app to print {@code END <epoch millis>}: run it with {@code -Dit.printEndTime=true}.
         */
        public Duration exitLag() {
            String end = stdoutLines().stream().filter(l -> l.startsWith("END ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no END line (run with -Dit.printEndTime=true)\n" + describe()));
            return Duration.ofMillis(exitedAtMillis - Long.parseLong(end.substring(4).trim()));
        }

        public List<String> stdoutLines() {
            return stdout.lines().collect(Collectors.toList());
        }

        /** Non-blank stderr lines. */
        public List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }

        /** stderr lines starting with {@code [warden]}. */
        public List<String> wardenLines() {
            return stderrLines().stream().filter(l -> l.startsWith("[warden]")).collect(Collectors.toList());
        }

        /** The app's single {@code RESULT ...} line, parsed; fails with the whole run described if absent. */
        public AppResult result() {
            List<String> lines = stdoutLines().stream().filter(l -> l.startsWith(AppResult.PREFIX)).collect(Collectors.toList());
            if (lines.size() != 1) {
                throw new AssertionError("expected exactly one RESULT line on stdout, found " + lines.size() + "\n" + describe());
            }
            return AppResult.parse(lines.get(0), describe());
        }

        /** All {@code RESULT} lines (apps that report several steps). */
        public List<AppResult> results() {
            return stdoutLines().stream().filter(l -> l.startsWith(AppResult.PREFIX)).map(l -> AppResult.parse(l, describe()))
                    .collect(Collectors.toList());
        }

        /** Everything about the run, for assertion messages. */
        public String describe() {
            return "---- forked " + jdk + " exit=" + exitCode + (timedOut ? " (TIMED OUT, killed)" : "")
                    + " in " + elapsed.toMillis() + " ms\n"
                    + "command: " + String.join(" ", command) + "\n"
                    + "env: " + env + "\n"
                    + "---- stdout:\n" + stdout
                    + "---- stderr:\n" + stderr
                    + "----";
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
