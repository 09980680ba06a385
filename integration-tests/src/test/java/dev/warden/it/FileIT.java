package dev.warden.it;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.FileApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Every file API, allowed and denied, in a sandbox of three directories: {@code allowed/} (every
 * access), {@code readonly/} (read, list) and {@code secret/} (nothing).
 */
class FileIT extends AgentTestSupport {

    private static final String FNF = "java.io.FileNotFoundException";
    private static final String ORIGINAL = "original content";

    static final List<String> READS = List.of("fis", "file-reader", "raf-r", "scanner", "read-all-bytes", "read-string",
            "new-input-stream", "lines", "buffered-reader", "channel-read", "mmap-read", "async-read", "file-url");
    /**
     * java.io opens fail with FileNotFoundException; everything else with AccessDeniedException (also ZipFile
     * and JarFile, which read the file's attributes first: the denied probe is their IOException).
     */
    static final List<String> JAVA_IO = List.of("fis", "file-reader", "raf-r", "scanner", "file-url",
            "fos", "fos-append", "file-writer", "raf-rw");
    static final List<String> WRITES = List.of("fos", "fos-append", "file-writer", "raf-rw", "write", "write-string",
            "new-output-stream", "buffered-writer", "channel-write", "mmap-write");
    static final List<String> CREATES = List.of("fos", "create-file", "create-new-file", "mkdir", "mkdirs", "create-directory",
            "create-directories", "write");
    static final List<String> DELETES = List.of("file-delete", "delete", "delete-if-exists");
    static final List<String> LISTINGS = List.of("file-list", "file-list-files", "directory-stream", "list", "walk");

    private Path root;

    private Path sandbox() throws IOException {
        root = Files.createDirectories(tmp.resolve("sandbox")).toRealPath();
        for (String dir : List.of("allowed", "readonly", "secret")) {
            Path d = Files.createDirectories(root.resolve(dir));
            Files.writeString(d.resolve("a.txt"), ORIGINAL);
            zip(d.resolve("a.zip"));
        }
        return root;
    }

    private static void zip(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new ZipEntry("entry.txt"));
            jar.write(ORIGINAL.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }

    private Path filesPolicy(String mode) {
        return policy("policy: " + POLICY + "\nmode: " + mode + "\nfiles:\n"
                + "  - path: \"" + root + "/allowed/**\"\n    allow: [read, write, create, delete, list]\n"
                + "  - path: \"" + root + "/readonly/**\"\n    allow: [read, list]\n");
    }

    private String in(String dir, String name) {
        return root.resolve(dir).resolve(name).toString();
    }

    /** Runs FileApp over {@code ops} (each "op:path[:path2]"), returning the results by position. */
    private static List<AppResult> runOps(ForkedJvm.Builder builder, List<String> ops) {
        ForkedJvm.Result r = builder.main(FileApp.class, ops.toArray(new String[0])).timeout(Duration.ofSeconds(60)).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        List<AppResult> results = r.results();
        assertThat(results).as(r.describe()).hasSize(ops.size());
        return results;
    }

    private static void assertFileDenied(AppResult r, String op, String target) {
        assertThat(r.outcome()).as("%s: %s\n%s", op, r, r.context()).isEqualTo("denied");
        if (JAVA_IO.contains(op)) {
            assertThat(r.type()).as("%s: %s", op, r).isEqualTo(FNF);
        } else {
            assertThat(r.get("is")).as("%s: %s", op, r).isEqualTo("java.nio.file.AccessDeniedException");
        }
        assertThat(r.msg()).as("%s: %s", op, r).startsWith(DENIED_PREFIX).contains(target);
    }

    @BothJdks
    void everyReadApiIsAllowedWhereThePolicyAllowsAndDeniedElsewhere(Jdk jdk) throws Exception {
        sandbox();
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = filesPolicy("enforce");
            List<String> ops = new ArrayList<>();
            for (String read : READS) {
                ops.add(read + ":" + in("allowed", "a.txt"));
            }
            ops.add("zip:" + in("allowed", "a.zip"));
            ops.add("jar:" + in("allowed", "a.zip"));
            for (String listing : LISTINGS) {
                ops.add(listing + ":" + root.resolve("allowed"));
            }
            int allowedCount = ops.size();
            for (String read : READS) {
                ops.add(read + ":" + in("secret", "a.txt"));
            }
            ops.add("zip:" + in("secret", "a.zip"));
            ops.add("jar:" + in("secret", "a.zip"));
            for (String listing : LISTINGS) {
                ops.add(listing + ":" + root.resolve("secret"));
            }

            List<AppResult> without = runOps(plain(jdk), ops);
            List<AppResult> with = runOps(withAgent(jdk, policy, otlp), ops);
            for (int i = 0; i < ops.size(); i++) {
                String op = with.get(i).get("op");
                if (i < allowedCount) {
                    assertSameAsWithoutAgent(with.get(i), without.get(i));
                } else if (op.startsWith("file-list")) {
                    // java.io.File's listings fail by result, as for an unreadable directory
                    assertThat(with.get(i).line()).as(ops.get(i)).endsWith("result=null");
                } else {
                    assertThat(without.get(i).outcome()).as(ops.get(i)).isEqualTo("ok");
                    String target = ops.get(i).substring(ops.get(i).indexOf(':') + 1);
                    assertFileDenied(with.get(i), op, target);
                    assertThat(with.get(i).msg()).contains("[rule default-deny]");
                }
            }

            ReceivedSpan denied = otlp.awaitSpan("denied read span", named("file read")
                    .and(withAttr("file.path", in("secret", "a.txt"))));
            assertThat(denied.str("warden.decision")).isEqualTo("deny");
            assertThat(denied.str("warden.rule")).isEqualTo("default-deny");
            assertThat(denied.str("gen_ai.security.verdict.type")).isEqualTo("deny");
            assertThat(denied.str("gen_ai.security.action.type")).as("enforced: blocked").isEqualTo("block");
            assertThat(denied.str("gen_ai.security.policy.rule.id")).isEqualTo("default-deny");
            assertThat(denied.str("gen_ai.security.verdict.reason")).isEqualTo(denied.str("warden.reason")).isNotBlank();
            assertThat(denied.str("gen_ai.security.policy.version")).as("an unsigned policy file has no version").isNull();
            assertThat(denied.str("warden.file.access")).isEqualTo("read");
            assertThat(denied.statusCode()).isEqualTo("ERROR");
            assertThat(denied.statusMessage()).startsWith(DENIED_PREFIX);
            otlp.awaitSpan("denied list span", named("file list").and(withAttr("file.path", root.resolve("secret").toString())));
            otlp.assertNoSpan("allowed reads are counted, not traced",
                    named("file read").and(withAttr("file.path", in("allowed", "a.txt"))), Duration.ZERO);
        }
    }

    /** Changing a file's times, permissions or executable bit writes it; by java.io.File (false) or NIO (AccessDeniedException). */
    static final List<String> METADATA = List.of("set-mtime", "set-executable", "set-readonly", "nio-mtime", "nio-perms", "nio-owner",
            "nio-attr");

    @BothJdks
    void changingAFilesMetadataIsAWrite(Jdk jdk) throws Exception {
        sandbox();
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            List<String> ops = new ArrayList<>();
            for (String dir : List.of("allowed", "readonly", "secret")) {
                for (String change : METADATA) {
                    Files.writeString(root.resolve(dir).resolve("meta-" + change + ".txt"), ORIGINAL);
                    ops.add(change + ":" + in(dir, "meta-" + change + ".txt"));
                }
            }
            java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(root.resolve("secret/meta-nio-mtime.txt"));

            List<AppResult> results = runOps(withAgent(jdk, filesPolicy("enforce"), otlp), ops);

            for (int i = 0; i < ops.size(); i++) {
                AppResult r = results.get(i);
                String op = r.get("op");
                String target = ops.get(i).substring(ops.get(i).indexOf(':') + 1);
                if (i < METADATA.size()) {
                    assertThat(r.outcome()).as("%s: %s\n%s", ops.get(i), r, r.context()).isEqualTo("ok");
                } else if (op.startsWith("set-")) {
                    assertThat(r.line()).as("%s: %s", ops.get(i), r).contains("result=false");
                } else {
                    assertFileDenied(r, op, target);
                }
            }
            assertThat(Files.getLastModifiedTime(root.resolve("allowed/meta-nio-mtime.txt")).toMillis()).isZero();
            assertThat(Files.isExecutable(root.resolve("allowed/meta-set-executable.txt"))).isTrue();
            for (String dir : List.of("readonly", "secret")) {
                assertThat(Files.isExecutable(root.resolve(dir).resolve("meta-set-executable.txt"))).as(dir).isFalse();
                assertThat(Files.isWritable(root.resolve(dir).resolve("meta-set-readonly.txt"))).as(dir).isTrue();
                assertThat(Files.getPosixFilePermissions(root.resolve(dir).resolve("meta-nio-perms.txt")))
                        .as(dir).doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
                assertThat(Files.getLastModifiedTime(root.resolve(dir).resolve("meta-set-mtime.txt")).toMillis()).isNotZero();
                assertThat(Files.getLastModifiedTime(root.resolve(dir).resolve("meta-nio-attr.txt")).toMillis()).isNotZero();
            }
            assertThat(Files.getLastModifiedTime(root.resolve("secret/meta-nio-mtime.txt"))).isEqualTo(before);
            otlp.awaitSpan("denied metadata write", named("file write").and(withAttr("file.path", in("secret", "meta-nio-perms.txt"))));
        }
    }

    @BothJdks
    void aDeniedWriteCreatesNothingAndLeavesTheFileUntouched(Jdk jdk) throws Exception {
        sandbox();
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = filesPolicy("enforce");
            Map<String, String> expectDenied = new LinkedHashMap<>(); // op line -> target named in the message
            List<String> expectAllowed = new ArrayList<>();
            for (String dir : List.of("allowed", "readonly", "secret")) {
                for (String write : WRITES) {
                    Files.writeString(root.resolve(dir).resolve("w-" + write + ".txt"), ORIGINAL);
                }
                for (String delete : DELETES) {
                    Files.writeString(root.resolve(dir).resolve("d-" + delete + ".txt"), ORIGINAL);
                }
                Files.writeString(root.resolve(dir).resolve("m-rename-to.txt"), ORIGINAL);
                Files.writeString(root.resolve(dir).resolve("m-move.txt"), ORIGINAL);
            }
            for (String dir : List.of("allowed", "readonly", "secret")) {
                List<String> ops = new ArrayList<>();
                for (String write : WRITES) {
                    ops.add(write + ":" + in(dir, "w-" + write + ".txt"));
                }
                for (String create : CREATES) {
                    ops.add(create + ":" + in(dir, "c-" + create));
                }
                ops.add("temp-file-io:" + root.resolve(dir));
                ops.add("temp-file-nio:" + root.resolve(dir));
                ops.add("symlink:" + in(dir, "c-symlink") + ":" + in("allowed", "a.txt"));
                for (String delete : DELETES) {
                    ops.add(delete + ":" + in(dir, "d-" + delete + ".txt"));
                }
                ops.add("rename-to:" + in(dir, "m-rename-to.txt") + ":" + in("allowed", "renamed-from-" + dir + ".txt"));
                ops.add("move:" + in(dir, "m-move.txt") + ":" + in("allowed", "moved-from-" + dir + ".txt"));
                ops.add("copy:" + in(dir, "a.txt") + ":" + in("allowed", "copied-from-" + dir + ".txt"));
                (dir.equals("allowed") ? expectAllowed : new ArrayList<String>()).addAll(ops);
                if (!dir.equals("allowed")) {
                    for (String op : ops) {
                        expectDenied.put(op, op.split(":")[1]);
                    }
                    // createDirectories probes the parent once the create is refused: a secret parent is not even seen
                    if (dir.equals("secret")) {
                        expectDenied.put("create-directories:" + in(dir, "c-create-directories"), root.resolve(dir).toString());
                    }
                    if (dir.equals("readonly")) {
                        expectDenied.remove("copy:" + in(dir, "a.txt") + ":" + in("allowed", "copied-from-readonly.txt"));
                        expectAllowed.add("copy:" + in(dir, "a.txt") + ":" + in("allowed", "copied-from-readonly.txt"));
                    }
                }
            }
            expectAllowed.add("hardlink:" + in("allowed", "c-hardlink") + ":" + in("allowed", "a.txt"));
            expectDenied.put("hardlink:" + in("allowed", "c-hardlink-secret") + ":" + in("secret", "a.txt"), in("secret", "a.txt"));

            List<String> ops = new ArrayList<>(expectAllowed);
            ops.addAll(expectDenied.keySet());
            List<AppResult> results = runOps(withAgent(jdk, policy, otlp), ops);
            for (int i = 0; i < ops.size(); i++) {
                AppResult r = results.get(i);
                String op = r.get("op");
                if (i < expectAllowed.size()) {
                    assertThat(r.outcome()).as("%s: %s\n%s", ops.get(i), r, r.context()).isEqualTo("ok");
                    if (r.get("result") != null) {
                        assertThat(r.get("result")).as(ops.get(i)).isEqualTo("true");
                    }
                } else if (op.equals("file-delete") || op.equals("mkdir") || op.equals("mkdirs") || op.equals("rename-to")) {
                    assertThat(r.line()).as("%s: %s", ops.get(i), r).contains("result=false");
                } else if (op.equals("copy") || op.equals("create-new-file") || op.equals("temp-file-io")) {
                    assertThat(r.get("is")).as("%s: %s", ops.get(i), r).isEqualTo("java.nio.file.AccessDeniedException");
                    assertThat(r.msg()).startsWith(DENIED_PREFIX);
                } else {
                    assertFileDenied(r, op, expectDenied.get(ops.get(i)));
                }
            }

            for (String dir : List.of("readonly", "secret")) {
                for (String write : WRITES) {
                    assertThat(root.resolve(dir).resolve("w-" + write + ".txt")).as("not truncated, not written").hasContent(ORIGINAL);
                }
                for (String create : CREATES) {
                    assertThat(root.resolve(dir).resolve("c-" + create)).as("not created").doesNotExist();
                }
                assertThat(root.resolve(dir).resolve("c-symlink")).doesNotExist();
                try (var files = Files.list(root.resolve(dir))) {
                    assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith("warden"));
                }
                for (String delete : DELETES) {
                    assertThat(root.resolve(dir).resolve("d-" + delete + ".txt")).exists();
                }
                assertThat(root.resolve(dir).resolve("m-rename-to.txt")).exists();
                assertThat(root.resolve(dir).resolve("m-move.txt")).exists();
                assertThat(root.resolve("allowed").resolve("renamed-from-" + dir + ".txt")).doesNotExist();
                assertThat(root.resolve("allowed").resolve("moved-from-" + dir + ".txt")).doesNotExist();
            }
            assertThat(root.resolve("allowed").resolve("copied-from-secret.txt")).doesNotExist();
            assertThat(root.resolve("allowed").resolve("copied-from-readonly.txt")).hasContent(ORIGINAL);
            assertThat(root.resolve("allowed").resolve("c-hardlink-secret")).doesNotExist();
            for (String write : WRITES) {
                assertThat(root.resolve("allowed").resolve("w-" + write + ".txt")).as(write).content().isNotEqualTo(ORIGINAL);
            }
            assertThat(root.resolve("allowed/c-mkdirs")).isDirectory();
            assertThat(root.resolve("allowed/d-delete.txt")).doesNotExist();
            assertThat(root.resolve("allowed/renamed-from-allowed.txt")).hasContent(ORIGINAL);

            ReceivedSpan write = otlp.awaitSpan("allowed write span", named("file write")
                    .and(withAttr("file.path", in("allowed", "w-fos.txt"))));
            assertThat(write.str("warden.decision")).isEqualTo("allow");
            assertThat(write.str("warden.rule")).isEqualTo("files[0]");
            assertThat(write.statusCode()).isEqualTo("UNSET");
            ReceivedSpan readonly = otlp.awaitSpan("denied write span in readonly/", named("file write")
                    .and(withAttr("file.path", in("readonly", "w-fos.txt"))));
            assertThat(readonly.str("warden.rule")).isEqualTo("files[1]");
            assertThat(readonly.str("warden.reason")).isEqualTo("files[1] (" + root + "/readonly/**) does not allow write");
            otlp.awaitSpan("denied create span", named("file create").and(withAttr("file.path", in("secret", "c-fos"))));
            otlp.awaitSpan("denied delete span", named("file delete").and(withAttr("file.path", in("secret", "d-delete.txt"))));
        }
    }

    @BothJdks
    void auditModeRecordsWouldBeDenialsAndBlocksNothing(Jdk jdk) throws Exception {
        sandbox();
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = filesPolicy("audit");
            List<AppResult> results = runOps(withAgent(jdk, policy, otlp), List.of(
                    "fis:" + in("secret", "a.txt"), "fos:" + in("secret", "audited.txt")));
            assertThat(results).extracting(AppResult::line).containsExactly(
                    "RESULT ok op=fis bytes=16", "RESULT ok op=fos");
            assertThat(root.resolve("secret/audited.txt")).exists();
            ReceivedSpan read = otlp.awaitSpan("audit-deny read span", named("file read")
                    .and(withAttr("file.path", in("secret", "a.txt"))));
            assertThat(read.str("warden.decision")).isEqualTo("audit-deny");
            assertThat(read.str("gen_ai.security.verdict.type")).isEqualTo("deny");
            assertThat(read.str("gen_ai.security.action.type")).as("audit mode lets it proceed").isEqualTo("allow");
            assertThat(read.statusCode()).isEqualTo("UNSET");
            otlp.awaitSpan("audit-deny create span", named("file create")
                    .and(withAttr("file.path", in("secret", "audited.txt"))).and(withAttr("warden.decision", "audit-deny")));
        }
    }
}
