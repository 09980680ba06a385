package dev.warden.it.apps;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An app configured with credential placeholders: it reports what it can see of the real values (its environment,
 * a child process's environment, the secret file) and sends requests carrying the placeholders. Args:
 * {@code SECRET_FILE (CASE ADAPTER URL)...}; each request sends {@code Authorization: Bearer wdn_cred_llm}, the query
 * {@code key=wdn_cred_llm} (added to URL, unless the case is named {@code headers-...}) and a body naming {@code wdn_cred_llm}. One RESULT line per step.
 */
public final class CredentialApp {

    public static void main(String[] args) throws Exception {
        String variable = "LLM_API_KEY";
        Report.run(new String[] {"case", "getenv"}, () -> new String[] {"value", String.valueOf(System.getenv(variable)),
                "inMap", String.valueOf(System.getenv().containsKey(variable)),
                "other", String.valueOf(System.getenv("IT_OTHER_VARIABLE"))});
        Report.run(new String[] {"case", "child-exec"}, () -> new String[] {"sees", String.valueOf(childSees(
                Runtime.getRuntime().exec(new String[] {"/usr/bin/env"}).getInputStream(), variable))});
        Report.run(new String[] {"case", "child-builder"}, () -> {
            ProcessBuilder builder = new ProcessBuilder("/usr/bin/env");
            Map<String, String> environment = builder.environment();
            return new String[] {"inBuilder", String.valueOf(environment.containsKey(variable)),
                    "sees", String.valueOf(childSees(builder.start().getInputStream(), variable))};
        });
        Report.run(new String[] {"case", "file"}, () -> new String[] {"content", Files.readString(Path.of(args[0]))});
        Report.run(new String[] {"case", "environ"}, () -> new String[] {"content",
                String.valueOf(Files.readString(Path.of("/proc/self/environ"), StandardCharsets.ISO_8859_1).contains(variable))});
        Report.run(new String[] {"case", "thread-environ"}, () -> new String[] {"content", String.valueOf(
                Files.readString(Path.of("/proc/thread-self/environ"), StandardCharsets.ISO_8859_1).contains(variable))});
        Report.run(new String[] {"case", "memory"}, () -> {
            try (InputStream memory = Files.newInputStream(Path.of("/proc/self/mem"))) {
                return new String[] {"opened", "true"};
            }
        });
        String[] wardenFiles = String.valueOf(System.getenv("IT_WARDEN_FILES")).split(":");
        for (int i = 0; i < wardenFiles.length; i++) {
            Path file = Path.of(wardenFiles[i]);
            Report.run(new String[] {"case", "warden-file-" + i}, () -> new String[] {"bytes",
                    String.valueOf(Files.readAllBytes(file).length)});
        }
        for (int i = 1; i + 2 < args.length + 1; i += 3) {
            String name = args[i];
            String url = args[i + 2];
            try (CredentialClients.Client client = CredentialClients.of(args[i + 1])) {
                // a case named headers-...: the placeholder in the header and the body only
                String query = name.startsWith("headers-") ? "" : (url.contains("?") ? "&" : "?") + "key=wdn_cred_llm&model=x";
                Report.run(new String[] {"case", name}, () -> client.send(url + query,
                        "Bearer wdn_cred_llm", "{\"api_key\":\"wdn_cred_llm\"}"));
            }
        }
    }

    /** Whether the child printed the variable in its environment. */
    private static boolean childSees(InputStream output, String variable) throws Exception {
        try (InputStream in = output) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().anyMatch(line -> line.startsWith(variable + "="));
        }
    }
}
