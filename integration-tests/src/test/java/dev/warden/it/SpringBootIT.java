package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.PostgresServer;
import dev.warden.it.harness.WardenAgent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The README's workflow on a real Spring Boot web app (Tomcat, Spring Data JPA over Hibernate and HikariCP),
 * run from its executable jar as a user runs it: a learn run with one set of requests, {@code policy suggest}
 * on its audit log, then the suggested policy, unedited, enforcing a run with other data and other requests, of the
 * app's jar deployed in another directory and started from another working directory.
 * That run answers exactly as the app does without the agent and is never denied, while a write the learn
 * run never made still is. On H2 (Spring Boot's embedded database, a random name each run) and on PostgreSQL.
 */
class SpringBootIT extends AgentTestSupport {

    private static final Path APP_JAR = Path.of(System.getProperty("warden.it.spring-boot-app.jar"));
    /** The app's class path is its jar: Spring Boot's launcher, as {@code java -jar app.jar} starts it. */
    private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";
    /** Spring Boot with the agent on a shared 2-core machine; the test waits for its lines, this only stops a hang. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private static final List<Call> LEARNED = List.of(
            Call.post("/owners", "{\"name\":\"Ann\",\"city\":\"Oslo\"}"),
            Call.post("/owners", "{\"name\":\"Bob\",\"city\":\"Oslo\"}"),
            Call.post("/owners/1/pets", "{\"name\":\"Rex\",\"kind\":\"dog\"}"),
            Call.post("/owners/1/pets", "{\"name\":\"Tom\",\"kind\":\"cat\"}"),
            Call.put("/owners/2/city", "Bergen"),
            Call.get("/owners"),
            Call.get("/owners/1"),
            Call.get("/owners?city=Oslo"),
            Call.get("/pets?kind=dog"),
            Call.delete("/pets/2"));

    /** Other rows, other ids, other queries' values, a miss: nothing here was sent while learning. */
    private static final List<Call> ENFORCED = List.of(
            Call.post("/owners", "{\"name\":\"Chen\",\"city\":\"Lyon\"}"),
            Call.post("/owners", "{\"name\":\"Dora\",\"city\":\"Rome\"}"),
            Call.post("/owners", "{\"name\":\"Emil\",\"city\":\"Lyon\"}"),
            Call.post("/owners/3/pets", "{\"name\":\"Kiki\",\"kind\":\"parrot\"}"),
            Call.post("/owners/2/pets", "{\"name\":\"Fido\",\"kind\":\"dog\"}"),
            Call.post("/owners/2/pets", "{\"name\":\"Bella\",\"kind\":\"dog\"}"),
            Call.put("/owners/1/city", "Turin"),
            Call.get("/owners/2"),
            Call.get("/owners?city=Lyon"),
            Call.get("/pets?kind=dog"),
            Call.delete("/pets/3"),
            Call.get("/owners/2"),
            Call.get("/owners/42"),
            Call.get("/owners"));

    private final AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());
    private final HttpClient http = HttpClient.newHttpClient();

    @BothJdks
    void onH2WithARandomDatabaseNameTheSuggestedPolicyRunsOtherRequestsUneditedAndStillDeniesAWriteElsewhere(Jdk jdk)
            throws Exception {
        learnSuggestEnforce(jdk, "jdbc:h2:mem:*");
    }

    @BothJdks
    void onPostgresTheSuggestedPolicyRunsOtherRequestsUneditedAndStillDeniesAWriteElsewhere(Jdk jdk) throws Exception {
        try (PostgresServer postgres = PostgresServer.start("clinic")) {
            learnSuggestEnforce(jdk, postgres.url("clinic"), "--spring.datasource.url=" + postgres.url("clinic"),
                    "--spring.datasource.username=postgres");
        }
    }

    /**
     * All three runs serve on one port, as a deployed app does on its configured one: Tomcat connects to its own
     * port at shutdown (to unblock its acceptor), and its temporary directories carry the port in their names.
     */
    private void learnSuggestEnforce(Jdk jdk, String suggestedUrl, String... databaseArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of(databaseArgs));
        int appPort;
        try (ServerSocket free = new ServerSocket(0)) {
            appPort = free.getLocalPort();
        }
        args.add("--server.port=" + appPort);
        String[] appArgs = args.toArray(String[]::new);
        Path learnLog = tmp.resolve("learn-audit.log");
        Path learnDirectory = Files.createDirectories(tmp.resolve("learn"));
        Served learned = serve(app(jdk, APP_JAR, learnDirectory, appArgs).agentPolicy(policy("policy: clinic\nmode: learn\n"), "audit=" + learnLog), LEARNED);
        assertThat(learned.responses()).as(learned.run().describe())
                .allMatch(response -> response.startsWith("200 ") || response.startsWith("404 "));
        assertThat(learned.run().wardenLines()).as(learned.run().describe()).noneMatch(line -> line.contains("denied"));

        assertThat(lines(Files.readString(learnLog), "\"rule\":\"jvm:own-listener\"")).as("Tomcat's connect to its own port")
                .isNotEmpty().allMatch(line -> line.contains(":" + appPort + "\""));

        Path suggested = tmp.resolve("suggested.yaml");
        String suggestOutput = cli.run("policy", "suggest", learnLog.toString(), "--name", "clinic", "--out", suggested.toString());
        String yaml = Files.readString(suggested);
        String context = "policy suggest said:\n" + suggestOutput + "\nsuggested policy:\n" + yaml;
        // the run's random database name is a glob; what the JVM reads of its own (the JDK, the app's jar) is no rule;
        // Spring Boot's look at its jar's directory is a rule under ${app.home}, which holds wherever the jar is deployed;
        // Tomcat's connect to its own port at shutdown (at the machine's address) stays in the process: no rule either
        assertThat(yaml).as(context).contains("url: \"" + suggestedUrl + "\"", "path: \"${app.home}\"")
                .doesNotContain(jdk.home().toRealPath().toString(), APP_JAR.toString(), APP_JAR.getParent().toString(),
                        ":" + appPort + "\"");

        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere")).resolve("owners.csv");
        Call outsideThePolicy = Call.post("/reports?file=" + elsewhere, "");
        List<Call> enforcedThenOutside = new ArrayList<>(ENFORCED);
        enforcedThenOutside.add(outsideThePolicy);

        // the second run is deployed elsewhere and started from another working directory, as it would be in production
        Path deployedJar = Files.copy(APP_JAR, Files.createDirectories(tmp.resolve("deployed")).resolve("clinic.jar"));
        Path runDirectory = Files.createDirectories(tmp.resolve("run"));
        Served without = serve(app(jdk, deployedJar, runDirectory, appArgs), ENFORCED);
        Path enforceLog = tmp.resolve("enforce-audit.log");
        Served enforced = serve(app(jdk, deployedJar, runDirectory, appArgs).agentPolicy(suggested, "audit=" + enforceLog),
                enforcedThenOutside);
        String enforcedContext = context + "\n" + enforced.run().describe();

        assertThat(enforced.responses().subList(0, ENFORCED.size())).as(enforcedContext).isEqualTo(without.responses());
        String outside = enforced.responses().get(ENFORCED.size());
        assertThat(outside).as(enforcedContext).startsWith("500 " + DENIED_PREFIX).contains(elsewhere.toString());
        assertThat(elsewhere).doesNotExist();
        // the one denial is that write: nothing the app did on its own, at start, per request or at shutdown
        assertThat(lines(enforced.run().stdout() + enforced.run().stderr(), DENIED_PREFIX)).as(enforcedContext)
                .allMatch(line -> line.contains(elsewhere.toString()));
        assertThat(lines(Files.readString(enforceLog), "\"decision\":\"deny\"")).as(enforcedContext)
                .isNotEmpty().allMatch(line -> line.contains(elsewhere.toString()));
    }

    private ForkedJvm.Builder app(Jdk jdk, Path jar, Path workDirectory, String... appArgs) {
        return ForkedJvm.on(jdk).classpath(List.of(jar)).main(LAUNCHER, appArgs).workDir(workDirectory).timeout(RUN_TIMEOUT)
                .env("OTEL_TRACES_EXPORTER", "none");
    }

    /** Starts the app, waits until Tomcat answers, sends the calls in order, then stops it (SIGTERM: a clean shutdown). */
    private Served serve(ForkedJvm.Builder app, List<Call> calls) throws IOException, InterruptedException {
        ForkedJvm.Running running = app.start();
        List<String> responses = new ArrayList<>();
        try {
            Matcher port = TOMCAT_PORT.matcher(running.awaitStdoutLine("Tomcat's port", line -> TOMCAT_PORT.matcher(line).find()));
            port.find();
            running.awaitStdoutLine("that the app started", line -> line.contains("Started PetClinicApp"));
            String base = "http://127.0.0.1:" + port.group(1);
            for (Call call : calls) {
                HttpResponse<String> response = http.send(call.request(base), HttpResponse.BodyHandlers.ofString());
                responses.add(response.statusCode() + " " + response.body());
            }
        } catch (RuntimeException | Error | IOException e) {
            throw new AssertionError("the app did not answer every call, only " + responses + "\n" + running.stop().describe(), e);
        }
        return new Served(running.stop(), responses);
    }

    private static List<String> lines(String text, String containing) {
        return text.lines().filter(line -> line.contains(containing)).collect(Collectors.toList());
    }

    private record Served(ForkedJvm.Result run, List<String> responses) {
    }

    private record Call(String method, String path, String body, String contentType) {

        static Call get(String path) {
            return new Call("GET", path, null, null);
        }

        static Call delete(String path) {
            return new Call("DELETE", path, null, null);
        }

        static Call post(String path, String json) {
            return new Call("POST", path, json, "application/json");
        }

        static Call put(String path, String text) {
            return new Call("PUT", path, text, "text/plain");
        }

        HttpRequest request(String base) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
            if (body == null) {
                return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
            }
            return request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        }
    }
}
