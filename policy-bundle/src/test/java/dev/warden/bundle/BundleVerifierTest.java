package dev.warden.bundle;

import static dev.warden.bundle.BundleFixtures.CREATED;
import static dev.warden.bundle.BundleFixtures.NOW;
import static dev.warden.bundle.BundleFixtures.POLICY;
import static dev.warden.bundle.BundleFixtures.build;
import static dev.warden.bundle.BundleFixtures.entries;
import static dev.warden.bundle.BundleFixtures.flip;
import static dev.warden.bundle.BundleFixtures.policyDir;
import static dev.warden.bundle.BundleFixtures.trustDir;
import static dev.warden.bundle.BundleFixtures.writeZip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.bundle.BundleException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hostile matrix: each bad bundle is refused with its own message. Real keys, real files. */
class BundleVerifierTest {

    @TempDir
    Path tmp;

    private final Ed25519PrivateKeyParameters alice = KeyPairs.generate();
    private final Ed25519PrivateKeyParameters bob = KeyPairs.generate();
    private final Ed25519PrivateKeyParameters mallory = KeyPairs.generate();
    private String aliceId;
    private String bobId;
    private String malloryId;
    private Path dir;
    private Path bundle;

    @BeforeEach
    void setUp() throws Exception {
        aliceId = KeyPairs.keyId(alice.generatePublicKey());
        bobId = KeyPairs.keyId(bob.generatePublicKey());
        malloryId = KeyPairs.keyId(mallory.generatePublicKey());
        dir = policyDir(tmp, "src", POLICY);
        bundle = build(dir, "support-bot", 5, tmp.resolve("app.wbundle"));
    }

    private TrustStore trust(String trustYaml, Ed25519PrivateKeyParameters... keys) throws Exception {
        return TrustStore.load(trustDir(tmp, "trust-" + System.nanoTime(), trustYaml, keys));
    }

    private BundleException refused(Path file, TrustStore trust) {
        return refused(file, trust, NOW);
    }

    private BundleException refused(Path file, TrustStore trust, Instant now) {
        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleVerifier.verify(file, trust, now));
        assertThat(e).as("expected %s to be refused", file).isNotNull();
        return e;
    }

    /** Re-writes the signed bundle with one entry changed (or removed with null). */
    private Path tampered(String entry, byte[] content) throws Exception {
        Map<String, byte[]> entries = entries(bundle);
        if (content == null) {
            entries.remove(entry);
        } else {
            entries.put(entry, content);
        }
        return writeZip(tmp.resolve("tampered.wbundle"), entries);
    }

    @Test
    void aBundleSignedByATrustedKeyVerifies() throws Exception {
        BundleSigner.sign(bundle, alice);

        VerifiedBundle verified = BundleVerifier.verify(bundle, trust(null, alice), NOW);

        assertThat(verified.name()).isEqualTo("support-bot");
        assertThat(verified.revision()).isEqualTo(5);
        assertThat(verified.created()).isEqualTo(CREATED);
        assertThat(verified.expires()).isNull();
        assertThat(verified.signerKeyIds()).containsExactly(aliceId);
        assertThat(verified.policy().name()).isEqualTo("support-bot");
        assertThat(verified.policyFile()).isEqualTo("policy.yaml");
        assertThat(verified.files()).containsOnlyKeys("policy.yaml", "notes.md");
        assertThat(verified.manifestDigest()).hasSize(64)
                .isEqualTo(Hashes.sha256Hex(entries(bundle).get("manifest.yaml")));
        assertThat(verified.policy().source()).isEqualTo(bundle + "!policy.yaml");
    }

    @Test
    void twoSignaturesMeetAThresholdOfTwo() throws Exception {
        BundleSigner.sign(bundle, alice);
        BundleSigner.sign(bundle, bob);

        VerifiedBundle verified = BundleVerifier.verify(bundle, trust("threshold: 2\n", alice, bob), NOW);

        assertThat(verified.signerKeyIds()).containsExactlyInAnyOrder(aliceId, bobId);
        assertThat(entries(bundle)).containsKeys("signatures/" + aliceId + ".sig", "signatures/" + bobId + ".sig");
    }

    @Test
    void oneSignatureIsRefusedUnderAThresholdOfTwo() throws Exception {
        BundleSigner.sign(bundle, alice);

        BundleException e = refused(bundle, trust("threshold: 2\n", alice, bob));

        assertThat(e.problem()).isEqualTo(Problem.THRESHOLD_NOT_MET);
        assertThat(e.reason()).isEqualTo("1 valid signature(s) from trusted keys (" + aliceId + "), the trust threshold is 2");
    }

    @Test
    void signingTwiceWithTheSameKeyCountsOnce() throws Exception {
        BundleSigner.sign(bundle, alice);
        BundleSigner.sign(bundle, alice);

        assertThat(BundleArchive.read(bundle).signatures()).containsOnlyKeys(aliceId);
        assertThat(refused(bundle, trust("threshold: 2\n", alice, bob)).problem()).isEqualTo(Problem.THRESHOLD_NOT_MET);
    }

    @Test
    void keyRotationANewKeysBundleVerifiesWhileBothKeysAreTrusted() throws Exception {
        Path old = build(dir, "support-bot", 5, tmp.resolve("old.wbundle"));
        BundleSigner.sign(old, alice);
        Path rotated = build(dir, "support-bot", 6, tmp.resolve("new.wbundle"));
        BundleSigner.sign(rotated, bob);
        TrustStore both = trust(null, alice, bob);

        assertThat(BundleVerifier.verify(rotated, both, NOW).signerKeyIds()).containsExactly(bobId);
        assertThat(BundleVerifier.verify(old, both, NOW).signerKeyIds()).containsExactly(aliceId);

        // rotation done: the old key revoked, its bundles refused, the new key's still accepted
        TrustStore rotatedTrust = trust("revoked: [" + aliceId + "]\n", alice, bob);
        assertThat(BundleVerifier.verify(rotated, rotatedTrust, NOW).revision()).isEqualTo(6);
        assertThat(refused(old, rotatedTrust).problem()).isEqualTo(Problem.REVOKED_KEY);
    }

    @Test
    void aRevokedKeysSignatureIsRefused() throws Exception {
        BundleSigner.sign(bundle, alice);

        BundleException e = refused(bundle, trust("revoked: [" + aliceId + "]\n", alice, bob));

        assertThat(e.problem()).isEqualTo(Problem.REVOKED_KEY);
        assertThat(e.reason()).isEqualTo("signed by revoked key " + aliceId);
    }

    @Test
    void anUnsignedBundleIsRefused() throws Exception {
        BundleException e = refused(bundle, trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.UNSIGNED);
        assertThat(e.reason()).isEqualTo("the bundle is not signed (no signatures/<keyid>.sig entry)");
        assertThat(e.getMessage()).startsWith(bundle + ": ");
    }

    @Test
    void aBundleSignedByAnUnknownKeyIsRefused() throws Exception {
        BundleSigner.sign(bundle, mallory);

        BundleException e = refused(bundle, trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.UNTRUSTED_KEY);
        assertThat(e.reason()).isEqualTo("not signed by any trusted key (signed by " + malloryId + "; trusted: " + aliceId + ")");
    }

    @Test
    void anUnknownExtraSignatureDoesNotHurtAValidOne() throws Exception {
        BundleSigner.sign(bundle, alice);
        BundleSigner.sign(bundle, mallory);

        assertThat(BundleVerifier.verify(bundle, trust(null, alice), NOW).signerKeyIds()).containsExactly(aliceId);
    }

    @Test
    void anEmptyOrMissingTrustDirectoryTrustsNothingEvenASignedBundle() throws Exception {
        BundleSigner.sign(bundle, alice);
        Path empty = Files.createDirectory(tmp.resolve("empty-trust"));

        for (Path trustDir : new Path[] {empty, tmp.resolve("no-such-dir")}) {
            BundleException e = refused(bundle, TrustStore.load(trustDir));
            assertThat(e.problem()).isEqualTo(Problem.UNTRUSTED_KEY);
            assertThat(e.reason()).isEqualTo("nothing is trusted: the trust directory " + trustDir + " holds no *.pub key");
        }
        // unsigned and no keys: still refused, never "no key configured, accept"
        Path unsigned = build(dir, "support-bot", 5, tmp.resolve("unsigned.wbundle"));
        assertThat(refused(unsigned, TrustStore.load(empty)).problem()).isEqualTo(Problem.UNTRUSTED_KEY);
    }

    @Test
    void oneByteFlippedInThePolicyIsAHashMismatch() throws Exception {
        BundleSigner.sign(bundle, alice);
        byte[] policy = entries(bundle).get("policy.yaml");

        BundleException e = refused(tampered("policy.yaml", flip(policy, 10)), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.HASH_MISMATCH);
        assertThat(e.reason()).startsWith("file 'policy.yaml' does not match the manifest (sha256:")
                .contains("expected, content is sha256:");
    }

    @Test
    void oneByteFlippedInTheManifestIsABadSignature() throws Exception {
        BundleSigner.sign(bundle, alice);
        byte[] manifest = entries(bundle).get("manifest.yaml");
        int revisionDigit = new String(manifest, StandardCharsets.UTF_8).indexOf("revision: 5") + "revision: ".length();

        BundleException e = refused(tampered("manifest.yaml", flip(manifest, revisionDigit)), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.BAD_SIGNATURE);
        assertThat(e.reason()).isEqualTo("bad signature by key " + aliceId + ": the manifest or the signature was altered");
    }

    @Test
    void oneByteFlippedInTheSignatureIsABadSignature() throws Exception {
        BundleSigner.sign(bundle, alice);
        String entry = "signatures/" + aliceId + ".sig";

        BundleException e = refused(tampered(entry, flip(entries(bundle).get(entry), 17)), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.BAD_SIGNATURE);
        assertThat(e.reason()).startsWith("bad signature by key " + aliceId);
    }

    @Test
    void aTruncatedSignatureIsABadSignature() throws Exception {
        BundleSigner.sign(bundle, alice);
        String entry = "signatures/" + aliceId + ".sig";

        BundleException e = refused(tampered(entry, new byte[10]), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.BAD_SIGNATURE);
    }

    @Test
    void aFileNotListedInTheManifestIsRefused() throws Exception {
        BundleSigner.sign(bundle, alice);

        BundleException e = refused(tampered("extra.yaml", "policy: evil\n".getBytes(StandardCharsets.UTF_8)), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.UNLISTED_FILE);
        assertThat(e.reason()).isEqualTo("file 'extra.yaml' is in the archive but not listed in the manifest");
    }

    @Test
    void aListedFileMissingFromTheArchiveIsRefused() throws Exception {
        BundleSigner.sign(bundle, alice);

        BundleException e = refused(tampered("notes.md", null), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.MISSING_FILE);
        assertThat(e.reason()).isEqualTo("file 'notes.md' is listed in the manifest but missing from the archive");
    }

    @Test
    void aMissingManifestIsRefused() throws Exception {
        BundleSigner.sign(bundle, alice);

        BundleException e = refused(tampered("manifest.yaml", null), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.BAD_MANIFEST);
        assertThat(e.reason()).isEqualTo("no manifest.yaml in the archive");
    }

    @Test
    void aDuplicateEntryNameIsRefused() throws Exception {
        BundleSigner.sign(bundle, alice);
        Map<String, byte[]> entries = entries(bundle);
        entries.put("policy.yamX", "policy: evil\n".getBytes(StandardCharsets.UTF_8));
        Path duplicate = writeZip(tmp.resolve("dup.wbundle"), entries);
        // ZipOutputStream refuses duplicate names, so rename in the raw bytes (local header and central directory)
        BundleFixtures.patch(duplicate, "policy.yamX", "policy.yaml");

        BundleException e = refused(duplicate, trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.DUPLICATE_ENTRY);
        assertThat(e.reason()).isEqualTo("duplicate entry 'policy.yaml'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/x", "a\\b", "signatures/../../x", "a//b", "./policy.yaml", "c:x"})
    void pathTraversingOrAbsoluteEntriesAreRefused(String name) throws Exception {
        BundleSigner.sign(bundle, alice);

        BundleException e = refused(tampered(name, "x".getBytes(StandardCharsets.UTF_8)), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.UNSAFE_ENTRY);
        assertThat(e.reason()).startsWith("unsafe entry name '" + name + "': ");
    }

    @Test
    void theUnsafeEntryMessagesSayWhatIsWrong() throws Exception {
        assertThat(refused(tampered("../x", new byte[1]), trust(null, alice)).reason()).isEqualTo("unsafe entry name '../x': path traversal (..)");
        assertThat(refused(tampered("/x", new byte[1]), trust(null, alice)).reason()).isEqualTo("unsafe entry name '/x': an absolute path");
        assertThat(refused(tampered("a\\b", new byte[1]), trust(null, alice)).reason()).isEqualTo("unsafe entry name 'a\\b': a backslash");
    }

    @Test
    void aZipBombIsRefusedWhileInflating() throws Exception {
        BundleSigner.sign(bundle, alice);
        Path bomb = tampered("notes.md", new byte[9 * 1024 * 1024]);
        assertThat(Files.size(bomb)).isLessThan(64 * 1024);

        BundleException e = refused(bomb, trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(e.reason()).isEqualTo("archive too large: more than 8388608 bytes uncompressed (zip bomb?)");
    }

    @Test
    void anOversizedArchiveIsRefusedBeforeReading() throws Exception {
        byte[] noise = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(noise);
        Path big = tampered("notes.md", noise);

        BundleException e = refused(big, trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(e.reason()).isEqualTo("archive too large: the archive is " + Files.size(big) + " bytes, more than the limit of 4194304");
    }

    @Test
    void tooManyEntriesAreRefused() throws Exception {
        Map<String, byte[]> entries = entries(bundle);
        for (int i = 0; i < 70; i++) {
            entries.put("f" + i + ".txt", new byte[] {1});
        }

        BundleException e = refused(writeZip(tmp.resolve("many.wbundle"), entries), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(e.reason()).isEqualTo("archive too large: more than 64 entries");
    }

    @Test
    void notAZipIsRefused() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.wbundle"), "policy: not a zip\n");

        BundleException e = refused(junk, trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.IO);
        assertThat(e.reason()).startsWith("not a valid bundle archive");
    }

    @Test
    void anExpiredBundleIsRefused() throws Exception {
        Path expiring = tmp.resolve("expiring.wbundle");
        new BundleBuilder(dir).name("support-bot").revision(5).expires(Instant.parse("2025-07-01T00:00:00Z"))
                .clock(Clock.fixed(CREATED, ZoneOffset.UTC)).build(expiring);
        BundleSigner.sign(expiring, alice);
        TrustStore trust = trust(null, alice);

        assertThat(BundleVerifier.verify(expiring, trust, NOW).expires()).isEqualTo(Instant.parse("2025-07-01T00:00:00Z"));
        BundleException e = refused(expiring, trust, Instant.parse("2025-07-01T00:00:01Z"));

        assertThat(e.problem()).isEqualTo(Problem.EXPIRED);
        assertThat(e.reason()).isEqualTo("bundle support-bot revision 5 expired at 2025-07-01T00:00:00Z (now 2025-07-01T00:00:01Z)");
    }

    /** A bundle whose manifest is signed but whose content is made by hand (the builder refuses such input). */
    private Path signedByHand(byte[] manifest, Map<String, byte[]> files) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("manifest.yaml", manifest);
        entries.putAll(files);
        entries.put("signatures/" + aliceId + ".sig", BundleSigner.signature(alice, manifest));
        return writeZip(tmp.resolve("by-hand.wbundle"), entries);
    }

    @Test
    void aSignedManifestThatDoesNotParseIsRefusedWithItsLine() throws Exception {
        byte[] manifest = "format: 1\nname: support-bot\nrevision: five\n".getBytes(StandardCharsets.UTF_8);

        BundleException e = refused(signedByHand(manifest, Map.of()), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.BAD_MANIFEST);
        assertThat(e.getMessage()).isEqualTo(tmp.resolve("by-hand.wbundle") + "!manifest.yaml:3: revision must be an integer");
    }

    @Test
    void aSignedManifestWithInvalidYamlIsRefusedWithItsLine() throws Exception {
        byte[] manifest = "format: 1\nname: [support-bot\n".getBytes(StandardCharsets.UTF_8);

        BundleException e = refused(signedByHand(manifest, Map.of()), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.BAD_MANIFEST);
        assertThat(e.getMessage()).startsWith(tmp.resolve("by-hand.wbundle") + "!manifest.yaml:").contains("invalid YAML");
    }

    @Test
    void aSignedBundleWhosePolicyDoesNotParseIsRefusedWithThePolicysLine() throws Exception {
        byte[] policy = "policy: support-bot\negres: []\n".getBytes(StandardCharsets.UTF_8);
        Map<String, String> digests = new TreeMap<>(Map.of("policy.yaml", "sha256:" + Hashes.sha256Hex(policy)));
        byte[] manifest = new Manifest(1, "support-bot", 5, CREATED, null, "policy.yaml", digests).toYaml();

        BundleException e = refused(signedByHand(manifest, Map.of("policy.yaml", policy)), trust(null, alice));

        assertThat(e.problem()).isEqualTo(Problem.BAD_POLICY);
        assertThat(e.getMessage()).startsWith(tmp.resolve("by-hand.wbundle") + "!policy.yaml:2: ");
    }

    @Test
    void theSignerRefusesABundleWhoseFilesDoNotMatch() throws Exception {
        Path bad = tampered("policy.yaml", "policy: other\n".getBytes(StandardCharsets.UTF_8));

        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleSigner.sign(bad, alice));

        assertThat(e.problem()).isEqualTo(Problem.HASH_MISMATCH);
    }
}
