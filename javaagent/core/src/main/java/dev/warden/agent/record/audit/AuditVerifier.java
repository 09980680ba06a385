package dev.warden.agent.record.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Checks a log and its rotated predecessors record by record: each record's hash against its
 * content, its {@code prev} against the record before, sequence numbers without gaps, every
 * checkpoint's signature with a trusted public key, and that the last record is covered by a
 * checkpoint. The first failure is reported with its file, line and sequence number.
 */
public final class AuditVerifier {

    private static final Pattern CHECKPOINT = Pattern.compile(",\"key\":\"([0-9a-f]{16})\",\"sig\":\"([A-Za-z0-9+/=]+)\"");

    /** The outcome; {@code problem} is null when the log is intact. */
    public record Report(long records, long signedThrough, String problem) {
        public boolean intact() {
            return problem == null;
        }
    }

    private final Map<String, Ed25519PublicKeyParameters> trusted;

    /** @param trusted public keys by key id */
    public AuditVerifier(Map<String, Ed25519PublicKeyParameters> trusted) {
        this.trusted = Map.copyOf(trusted);
    }

    public Report verify(Path log) throws IOException {
        List<Path> files = AuditFiles.chain(log);
        if (files.isEmpty()) {
            return new Report(0, -1, "no audit log at " + log);
        }
        long expectedSeq = 0;
        String prev = AuditLine.GENESIS;
        long signedThrough = -1;
        String firstUnsigned = null;
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            int lineStart = 0;
            int lineNumber = 0;
            while (lineStart < content.length) {
                lineNumber++;
                int newline = indexOf(content, lineStart);
                String where = file + ":" + lineNumber;
                if (newline < 0) {
                    return new Report(expectedSeq, signedThrough, where + ": the log is cut: it ends inside a record "
                            + "(" + (content.length - lineStart) + " bytes after record " + (expectedSeq - 1)
                            + "); intact up to record " + (expectedSeq - 1) + describeSigned(signedThrough));
                }
                String line = new String(content, lineStart, newline - lineStart, StandardCharsets.UTF_8);
                lineStart = newline + 1;
                AuditLine.Parsed record = AuditLine.parse(line);
                if (record == null) {
                    return new Report(expectedSeq, signedThrough, where + ": not an audit record (edited or inserted by hand)");
                }
                where += " (record " + record.seq() + ")";
                if (!record.hashMatches()) {
                    return new Report(expectedSeq, signedThrough, where + ": edited: its content does not match its hash");
                }
                if (!record.prev().equals(prev)) {
                    return new Report(expectedSeq, signedThrough, where + ": the chain is broken before this record: "
                            + "a record was removed, reordered or inserted (expected record " + expectedSeq + " here)");
                }
                if (record.seq() != expectedSeq) {
                    return new Report(expectedSeq, signedThrough, where + ": expected record " + expectedSeq);
                }
                if (record.type().equals("checkpoint")) {
                    String bad = checkSignature(record);
                    if (bad != null) {
                        return new Report(expectedSeq, signedThrough, where + ": " + bad);
                    }
                    signedThrough = record.seq();
                    firstUnsigned = null;
                } else if (firstUnsigned == null) {
                    firstUnsigned = where;
                }
                prev = record.hash();
                expectedSeq++;
            }
        }
        if (firstUnsigned != null) {
            return new Report(expectedSeq, signedThrough, firstUnsigned + ": not covered by a signed checkpoint: "
                    + "records from here on were added by hand, or the writer was killed before it signed them"
                    + describeSigned(signedThrough));
        }
        return new Report(expectedSeq, signedThrough, null);
    }

    private String checkSignature(AuditLine.Parsed checkpoint) {
        Matcher m = CHECKPOINT.matcher(checkpoint.body());
        if (!m.find()) {
            return "a checkpoint without a key id and signature";
        }
        Ed25519PublicKeyParameters key = trusted.get(m.group(1));
        if (key == null) {
            return "checkpoint signed with key " + m.group(1) + ", which is not among the trusted keys " + trusted.keySet();
        }
        if (!AuditSigner.verify(key, checkpoint.prev(), m.group(2))) {
            return "the checkpoint's signature is not valid for key " + m.group(1) + " (the records before it were rewritten)";
        }
        return null;
    }

    private static String describeSigned(long signedThrough) {
        return signedThrough < 0 ? "; no record is signed" : "; signed through record " + signedThrough;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
