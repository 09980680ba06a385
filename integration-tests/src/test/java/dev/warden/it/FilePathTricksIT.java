package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.FileApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paths are canonical before they are matched: relative paths, {@code .} and {@code ..}, repeated
 * slashes, links (in the last name and in a parent, made before the run or by the app a moment
 * earlier, dangling), {@code /proc/self/root}, {@code /proc/self/cwd}, {@code /proc/self/fd/N},
 * {@code /dev/fd/N}, and the policy's {@code ${user.dir}}.
 */
class FilePathTricksIT extends AgentTestSupport {

    @BothJdks
    void everyTrickIsDecidedOnTheFileItReallyReaches(Jdk jdk) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("sandbox")).toRealPath();
        for (String dir : List.of("allowed", "secret", "vars")) {
            Files.createDirectories(root.resolve(dir));
            Files.writeString(root.resolve(dir).resolve("a.txt"), "content");
        }
        Files.createSymbolicLink(root.resolve("allowed/link-to-secret"), Path.of("../secret/a.txt"));
        Files.createSymbolicLink(root.resolve("allowed/dirlink"), Path.of("../secret"));
        Files.createSymbolicLink(root.resolve("allowed/dangling"), root.resolve("secret/new.txt"));
        Path policy = policy("policy: " + POLICY + "\nfiles:\n"
                + "  - path: \"" + root + "/allowed/**\"\n    allow: [read, write, create, delete, list]\n"
                + "  - path: \"${user.dir}/vars/**\"\n    allow: [read]\n"
                + "  - path: \"/proc/**\"\n    allow: [read, write]\n");
        String secret = root + "/secret/a.txt";

        Map<String, String> cases = new LinkedHashMap<>(); // operation -> "ok", or the canonical path the denial names
        cases.put("fis:allowed/a.txt", "ok");
        cases.put("fis:allowed/../secret/a.txt", secret);
        cases.put("fis:" + root + "/allowed/./../secret/a.txt", secret);
        cases.put("fis:" + root + "//allowed///a.txt", "ok");
        cases.put("read-all-bytes:" + root + "//secret//a.txt", secret);
        cases.put("fis:/../../.." + root + "/secret/a.txt", secret);
        cases.put("fis:" + root + "/allowed/link-to-secret", secret);
        cases.put("read-all-bytes:" + root + "/allowed/link-to-secret", secret);
        cases.put("fis:" + root + "/allowed/dirlink/a.txt", secret);
        cases.put("symlink:" + root + "/allowed/fresh-link:" + secret, "ok");
        cases.put("fis:" + root + "/allowed/fresh-link", secret);
        cases.put("channel-read:" + root + "/allowed/fresh-link", secret);
        cases.put("fos:" + root + "/allowed/dangling", root + "/secret/new.txt");
        cases.put("write:" + root + "/allowed/dangling", root + "/secret/new.txt");
        cases.put("fis:/proc/self/root" + secret, secret);
        cases.put("fis:/proc/self/root" + root + "/allowed/a.txt", "ok");
        cases.put("fis:/proc/self/cwd/secret/a.txt", secret);
        cases.put("fis:/proc/self/cwd/allowed/a.txt", "ok");
        cases.put("fis:/proc/self/status", "ok");
        cases.put("fos:/proc/self/fd/1", "/fd/");
        cases.put("fos:/dev/fd/1", "/fd/");
        cases.put("fis:vars/a.txt", "ok");
        cases.put("fis:secret/a.txt", secret);

        ForkedJvm.Result run = ForkedJvm.on(jdk).agentPolicy(policy).workDir(root)
                .main(FileApp.class, cases.keySet().toArray(new String[0])).timeout(Duration.ofSeconds(60)).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<AppResult> results = run.results();
        assertThat(results).as(run.describe()).hasSize(cases.size());
        int i = 0;
        for (Map.Entry<String, String> expected : cases.entrySet()) {
            AppResult r = results.get(i++);
            if (expected.getValue().equals("ok")) {
                assertThat(r.outcome()).as("%s: %s\n%s", expected.getKey(), r, run.describe()).isEqualTo("ok");
            } else {
                assertThat(r.outcome()).as("%s: %s\n%s", expected.getKey(), r, run.describe()).isEqualTo("denied");
                assertThat(r.msg()).as(expected.getKey()).startsWith(DENIED_PREFIX).contains(expected.getValue());
            }
        }
        assertThat(root.resolve("secret/new.txt")).as("a write through a dangling link creates nothing").doesNotExist();
        assertThat(root.resolve("secret/a.txt")).hasContent("content");
    }

    /**
     * A path read again is decided on the canonical form it had, and what each open really holds is
     * checked once open: a parent directory or the last name swapped for a link to a denied file since
     * the last read is refused (nothing is read), a file replaced by a new one stays readable.
     */
    @BothJdks
    void aPathReadBeforeIsDecidedOnWhatItLeadsToNow(Jdk jdk) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("sandbox")).toRealPath();
        Files.createDirectories(root.resolve("secret"));
        Files.writeString(root.resolve("secret/a.txt"), "secret");
        Path policy = policy("policy: " + POLICY + "\nfiles:\n"
                + "  - path: \"" + root + "/allowed/**\"\n    allow: [read, write, create, delete, list]\n");
        String secret = root + "/secret/a.txt";
        List<String[]> steps = new ArrayList<>(); // {operation, "ok" or the canonical path the denial names}
        for (String read : List.of("fis", "raf-r", "read-all-bytes", "new-input-stream", "channel-read")) {
            String dir = root + "/allowed/" + read;
            Files.createDirectories(Path.of(dir));
            Files.writeString(Path.of(dir, "a.txt"), "content");
            Files.writeString(Path.of(dir + "-last.txt"), "content");
            Files.writeString(Path.of(dir + "-replaced.txt"), "content");
            for (String file : List.of(dir + "/a.txt", dir + "-last.txt", dir + "-replaced.txt")) {
                for (int i = 0; i < 3; i++) { // resolved, confirmed, then known
                    steps.add(new String[] {read + ":" + file, "ok"});
                }
            }
            steps.add(new String[] {"move:" + dir + ":" + dir + "-old", "ok"});
            steps.add(new String[] {"symlink:" + dir + ":" + root + "/secret", "ok"});
            steps.add(new String[] {read + ":" + dir + "/a.txt", secret});
            steps.add(new String[] {"delete:" + dir + "-last.txt", "ok"});
            steps.add(new String[] {"symlink:" + dir + "-last.txt:" + secret, "ok"});
            steps.add(new String[] {read + ":" + dir + "-last.txt", secret});
            steps.add(new String[] {"delete:" + dir + "-replaced.txt", "ok"});
            steps.add(new String[] {"write:" + dir + "-replaced.txt", "ok"});
            steps.add(new String[] {read + ":" + dir + "-replaced.txt", "ok"});
        }

        ForkedJvm.Result run = ForkedJvm.on(jdk).agentPolicy(policy).workDir(root)
                .main(FileApp.class, steps.stream().map(step -> step[0]).toArray(String[]::new))
                .timeout(Duration.ofSeconds(60)).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<AppResult> results = run.results();
        assertThat(results).as(run.describe()).hasSize(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            AppResult r = results.get(i);
            String[] step = steps.get(i);
            if (step[1].equals("ok")) {
                assertThat(r.outcome()).as("step %d %s: %s\n%s", i, step[0], r, run.describe()).isEqualTo("ok");
            } else {
                assertThat(r.outcome()).as("step %d %s: %s\n%s", i, step[0], r, run.describe()).isEqualTo("denied");
                assertThat(r.msg()).as(step[0]).startsWith(DENIED_PREFIX).contains(step[1]);
            }
        }
        assertThat(run.stdout()).as("no read of the secret returned its bytes").doesNotContain("bytes=6");
    }
}
