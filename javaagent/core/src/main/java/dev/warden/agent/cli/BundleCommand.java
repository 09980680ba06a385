package dev.warden.agent.cli;

import dev.warden.json.JsonWriter;
import dev.warden.bundle.BundleArchive;
import dev.warden.bundle.BundleBuilder;
import dev.warden.bundle.BundleException;
import dev.warden.bundle.BundleSigner;
import dev.warden.bundle.BundleVerifier;
import dev.warden.bundle.KeyPairs;
import dev.warden.bundle.Manifest;
import dev.warden.bundle.RollbackGuard;
import dev.warden.bundle.TrustStore;
import dev.warden.bundle.VerifiedBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bundle build|sign|verify|inspect}: ship policy as signed, versioned bundles (see docs/bundles.md). */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = {"Build, sign, verify and inspect signed policy bundles (.wbundle).",
            "Exit 0 ok / valid, 1 refused, 2 bad input."},
        subcommands = {BundleCommand.Build.class, BundleCommand.Sign.class, BundleCommand.Verify.class, BundleCommand.Inspect.class})
final class BundleCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static int fail(String prefix, BundleException e, int exit) {
        System.err.println("warden: " + prefix + e.getMessage());
        return exit;
    }

    static boolean missing(Path file) {
        if (!Files.exists(file)) {
            System.err.println("warden: " + file + ": no such file");
            return true;
        }
        return false;
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Build an unsigned bundle from DIR: DIR/policy.yaml (must parse) and the other regular files in DIR.",
                "Exit 0 built, 2 bad input."})
    static final class Build implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DIR", description = "directory holding policy.yaml")
        Path dir;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "bundle name, [A-Za-z0-9][A-Za-z0-9._-]*")
        String name;

        @Option(names = "--revision", required = true, paramLabel = "N", description = "positive revision, higher than any shipped before")
        long revision;

        @Option(names = "--expires", paramLabel = "ISO-8601", description = "expiry, e.g. 2026-01-01T00:00:00Z (default: never)")
        String expires;

        @Option(names = "--out", required = true, paramLabel = "FILE.wbundle", description = "the bundle to write")
        Path out;

        @Override
        public Integer call() {
            Instant expiry = null;
            if (expires != null) {
                try {
                    expiry = Instant.parse(expires);
                } catch (DateTimeParseException e) {
                    System.err.println("warden: --expires: '" + expires + "' is not an ISO-8601 UTC time such as 2026-01-01T00:00:00Z");
                    return WardenCli.BAD_INPUT;
                }
            }
            try {
                Manifest manifest = new BundleBuilder(dir).name(name).revision(revision).expires(expiry).build(out);
                System.out.println("built " + out + ": " + manifest.name() + " revision " + manifest.revision() + ", "
                        + manifest.files().size() + " file(s), unsigned (next: bundle sign " + out + " --key PREFIX.key)");
                return WardenCli.OK;
            } catch (BundleException e) {
                return fail("", e, WardenCli.BAD_INPUT);
            }
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = {"Add a signature to a bundle (Ed25519 over its manifest; a signature by the same key is replaced).",
                "Exit 0 signed, 1 the bundle is refused (its files do not match its manifest), 2 bad input."})
    static final class Sign implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE.wbundle", description = "the bundle, rewritten in place")
        Path bundle;

        @Option(names = "--key", required = true, paramLabel = "PREFIX.key", description = "private key written by keygen")
        Path key;

        @Override
        public Integer call() {
            if (missing(bundle) || missing(key)) {
                return WardenCli.BAD_INPUT;
            }
            org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters privateKey;
            try {
                privateKey = KeyPairs.readPrivate(key);
            } catch (BundleException e) {
                return fail("", e, WardenCli.BAD_INPUT);
            }
            try {
                String keyId = BundleSigner.sign(bundle, privateKey);
                int count = BundleArchive.read(bundle).signatures().size();
                System.out.println("signed " + bundle + " with key " + keyId + " (" + count + " signature(s))");
                return WardenCli.OK;
            } catch (BundleException e) {
                return fail("refused: ", e, WardenCli.DENIED);
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify a bundle completely against the keys in a trust directory (and, with --state, anti-rollback;",
                "a valid bundle's revision is then recorded). Exit 0 valid, 1 refused with the reason, 2 bad input."})
    static final class Verify implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE.wbundle", description = "the bundle")
        Path bundle;

        @Option(names = "--trust", required = true, paramLabel = "DIR", description = "trusted *.pub keys and optional trust.yaml")
        Path trust;

        @Option(names = "--state", paramLabel = "DIR", description = "anti-rollback state directory: refuse older revisions, record this one")
        Path state;

        @Override
        public Integer call() {
            if (missing(bundle)) {
                return WardenCli.BAD_INPUT;
            }
            TrustStore trustStore;
            try {
                trustStore = TrustStore.load(trust);
            } catch (BundleException e) {
                return fail("", e, WardenCli.BAD_INPUT);
            }
            try {
                VerifiedBundle verified = BundleVerifier.verify(bundle, trustStore, Instant.now());
                if (state != null) {
                    new RollbackGuard(state).accept(verified);
                }
                System.out.println("valid: " + bundle + ": " + verified.name() + " revision " + verified.revision()
                        + ", created " + verified.created() + ", expires " + (verified.expires() == null ? "never" : verified.expires())
                        + ", signed by " + String.join(", ", verified.signerKeyIds())
                        + (state == null ? "" : "; revision recorded in " + state));
                return WardenCli.OK;
            } catch (BundleException e) {
                return fail("refused: ", e, WardenCli.DENIED);
            }
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Show a bundle's manifest, files (with hashes, and whether they match) and signature key ids.",
                "Nothing is verified against trusted keys: use bundle verify for that. Exit 0 shown, 1 unreadable bundle, 2 bad input."})
    static final class Inspect implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE.wbundle", description = "the bundle")
        Path bundle;

        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            if (missing(bundle)) {
                return WardenCli.BAD_INPUT;
            }
            BundleArchive archive;
            Manifest manifest;
            String digest;
            try {
                archive = BundleArchive.read(bundle);
                manifest = archive.manifest();
                digest = archive.manifestDigest();
            } catch (BundleException e) {
                return fail("", e, WardenCli.DENIED);
            }
            if (json) {
                System.out.println(json(archive, manifest, digest));
            } else {
                System.out.println("bundle:    " + bundle);
                System.out.println("name:      " + manifest.name());
                System.out.println("revision:  " + manifest.revision());
                System.out.println("created:   " + manifest.created());
                System.out.println("expires:   " + (manifest.expires() == null ? "never" : manifest.expires()));
                System.out.println("policy:    " + manifest.policy());
                System.out.println("manifest:  sha256:" + digest);
                System.out.println("files:");
                for (Map.Entry<String, String> file : manifest.files().entrySet()) {
                    System.out.println("  " + file.getKey() + "  " + file.getValue() + "  " + status(archive, file));
                }
                archive.files().keySet().stream().filter(name -> !manifest.files().containsKey(name))
                        .forEach(name -> System.out.println("  " + name + "  (NOT LISTED in the manifest)"));
                System.out.println("signatures (not checked against trusted keys; use bundle verify):");
                if (archive.signatures().isEmpty()) {
                    System.out.println("  none (unsigned)");
                }
                archive.signatures().keySet().forEach(keyId -> System.out.println("  key " + keyId));
            }
            return WardenCli.OK;
        }

        private static String status(BundleArchive archive, Map.Entry<String, String> file) {
            byte[] content = archive.files().get(file.getKey());
            if (content == null) {
                return "MISSING";
            }
            return file.getValue().equals("sha256:" + sha256(content)) ? "ok" : "MISMATCH";
        }

        private static String json(BundleArchive archive, Manifest manifest, String digest) {
            JsonWriter out = new JsonWriter().beginObject();
            out.name("bundle").value(archive.file().toString());
            out.name("format").value(manifest.format());
            out.name("name").value(manifest.name());
            out.name("revision").value(manifest.revision());
            out.name("created").value(manifest.created().toString());
            out.name("expires").value(manifest.expires() == null ? null : manifest.expires().toString());
            out.name("policy").value(manifest.policy());
            out.name("manifest_sha256").value(digest);
            out.name("files").beginArray();
            for (Map.Entry<String, String> file : manifest.files().entrySet()) {
                out.beginObject().name("path").value(file.getKey()).name("sha256").value(file.getValue().substring("sha256:".length()))
                        .name("status").value(status(archive, file).toLowerCase(java.util.Locale.ROOT)).endObject();
            }
            for (String name : archive.files().keySet()) {
                if (!manifest.files().containsKey(name)) {
                    out.beginObject().name("path").value(name).name("sha256").value(sha256(archive.files().get(name)))
                            .name("status").value("unlisted").endObject();
                }
            }
            out.endArray();
            out.name("signatures").beginArray();
            archive.signatures().keySet().forEach(keyId -> out.beginObject().name("key_id").value(keyId).endObject());
            out.endArray();
            out.name("signatures_verified").value(false);
            return out.endObject().toString();
        }

        private static String sha256(byte[] content) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            } catch (java.security.NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}
