package dev.warden.agent.cli;

import dev.warden.agent.record.audit.AuditReader;
import dev.warden.agent.record.audit.AuditReport;
import dev.warden.agent.record.audit.AuditVerifier;
import dev.warden.bundle.BundleException;
import dev.warden.bundle.KeyPairs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code audit verify FILE}: is the audit log intact; {@code audit report FILE}: a page to read it by. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with Warden's audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Report.class})
final class AuditCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the audit log FILE and its rotated predecessors (FILE.1, FILE.2, ...): every record's hash,",
                "the chain, the sequence, every checkpoint's signature, and that no record follows the last checkpoint.",
                "Exit 0 intact, 1 tampered or cut (naming the first bad record), 2 bad input."})
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "the audit log (audit= of the agent)")
        Path log;

        @Option(names = "--key", paramLabel = "PUB",
                description = "a trusted public key (PEM) that signs checkpoints; repeatable; default FILE.pub, written by the agent beside a generated key")
        List<Path> keys = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            Map<String, Ed25519PublicKeyParameters> trusted = trustedKeys(log, keys);
            if (trusted == null) {
                return WardenCli.BAD_INPUT;
            }
            AuditVerifier.Report report = new AuditVerifier(trusted).verify(log);
            if (report.intact()) {
                System.out.println("intact: " + report.records() + " records, signed through record " + report.signedThrough()
                        + " (keys " + trusted.keySet() + ")");
                return WardenCli.OK;
            }
            System.out.println("NOT intact: " + report.problem());
            return WardenCli.DENIED;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Write one self-contained HTML page about the audit log FILE: decisions over time, top destinations,",
                "denials by rule and by tool, the latest denials, and whether the chain verifies. Exit 0 written, 2 bad input."})
    static final class Report implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "the audit log")
        Path log;

        @Option(names = "--out", paramLabel = "HTML", required = true, description = "where to write the page")
        Path out;

        @Option(names = "--key", paramLabel = "PUB", description = "trusted public key(s) for the integrity line; default FILE.pub")
        List<Path> keys = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            Map<String, Ed25519PublicKeyParameters> trusted = trustedKeys(log, keys);
            if (trusted == null) {
                return WardenCli.BAD_INPUT;
            }
            AuditVerifier.Report integrity = new AuditVerifier(trusted).verify(log);
            AuditReport report = new AuditReport();
            AuditReader.forEach(log, report::accept);
            String summary = integrity.intact()
                    ? integrity.records() + " records, signed through record " + integrity.signedThrough()
                    : integrity.problem();
            Files.writeString(out, report.html("Warden audit: " + log.getFileName(), summary, integrity.intact()));
            System.out.println("wrote " + out + " (" + (integrity.intact() ? "chain intact" : "chain NOT intact") + ")");
            return WardenCli.OK;
        }
    }

    /** The trusted keys by id, or null (with the reason printed) when one cannot be read. */
    private static Map<String, Ed25519PublicKeyParameters> trustedKeys(Path log, List<Path> keys) {
        List<Path> keyFiles = keys.isEmpty() ? List.of(log.resolveSibling(log.getFileName() + ".pub")) : keys;
        Map<String, Ed25519PublicKeyParameters> trusted = new LinkedHashMap<>();
        for (Path keyFile : keyFiles) {
            if (!Files.exists(keyFile)) {
                System.err.println("warden: no public key " + keyFile + " to check the checkpoints with; give one with --key");
                return null;
            }
            try {
                Ed25519PublicKeyParameters key = KeyPairs.readPublic(keyFile);
                trusted.put(KeyPairs.keyId(key), key);
            } catch (BundleException e) {
                System.err.println("warden: " + e.getMessage());
                return null;
            }
        }
        return trusted;
    }
}
