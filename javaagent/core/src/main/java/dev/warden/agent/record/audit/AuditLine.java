package dev.warden.agent.record.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chained line format, shared by the writer and the verifier. A record is one JSON object on
 * one line; its last member is {@code "hash"}, the SHA-256 (hex) of the line's text before
 * {@code ,"hash"}, and that text ends with {@code "prev"}, the hash of the record before. Hashing
 * the exact bytes written (rather than a re-serialisation) keeps verification independent of any
 * JSON canonical form: changing one byte of a record breaks its hash, and removing, reordering or
 * inserting a record breaks the next record's {@code prev}.
 */
final class AuditLine {

    /** The {@code prev} of the very first record of a log. */
    static final String GENESIS = "0".repeat(64);

    private static final String HASH_MEMBER = ",\"hash\":\"";
    private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d{1,18}),");
    private static final Pattern TYPE = Pattern.compile(",\"type\":\"([a-z]+)\"");
    private static final Pattern PREV = Pattern.compile(",\"prev\":\"([0-9a-f]{64})\"$");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private AuditLine() {
    }

    /** A parsed line: {@code body} is the hashed text, {@code hash} what the line claims. */
    record Parsed(long seq, String type, String prev, String body, String hash) {

        boolean hashMatches() {
            return sha256(body).equals(hash);
        }
    }

    /** Appends the hash member to a body that ends with its {@code prev} member. */
    static String seal(String body) {
        return body + HASH_MEMBER + sha256(body) + "\"}";
    }

    /** The hash a sealed line carries. */
    static String hashOf(String sealedLine) {
        return sealedLine.substring(sealedLine.length() - 66, sealedLine.length() - 2);
    }

    /** Null when the line is not a record in this format. */
    static Parsed parse(String line) {
        int hashAt = line.lastIndexOf(HASH_MEMBER);
        if (hashAt < 0 || !line.endsWith("\"}")) {
            return null;
        }
        String body = line.substring(0, hashAt);
        String hash = line.substring(hashAt + HASH_MEMBER.length(), line.length() - 2);
        Matcher seq = SEQ.matcher(body);
        Matcher type = TYPE.matcher(body);
        Matcher prev = PREV.matcher(body);
        if (!HEX64.matcher(hash).matches() || !seq.find() || !type.find() || !prev.find()) {
            return null;
        }
        return new Parsed(Long.parseLong(seq.group(1)), type.group(1), prev.group(1), body, hash);
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
