package dev.warden.bundle;

import static dev.warden.bundle.BundleFixtures.NOW;
import static dev.warden.bundle.BundleFixtures.POLICY;
import static dev.warden.bundle.BundleFixtures.build;
import static dev.warden.bundle.BundleFixtures.policyDir;
import static dev.warden.bundle.BundleFixtures.trustDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.bundle.BundleException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackGuardTest {

    @TempDir
    Path tmp;

    private final Ed25519PrivateKeyParameters key = KeyPairs.generate();
    private TrustStore trust;
    private Path dir;
    private Path state;

    @BeforeEach
    void setUp() throws Exception {
        trust = TrustStore.load(trustDir(tmp, "trust", null, key));
        dir = policyDir(tmp, "src", POLICY);
        state = tmp.resolve("state");
    }

    private VerifiedBundle signed(long revision, String file) throws Exception {
        Path bundle = build(dir, "support-bot", revision, tmp.resolve(file));
        BundleSigner.sign(bundle, key);
        return BundleVerifier.verify(bundle, trust, NOW);
    }

    @Test
    void aLowerRevisionIsRefusedAfterAHigherOneWasAccepted() throws Exception {
        VerifiedBundle five = signed(5, "r5.wbundle");
        VerifiedBundle three = signed(3, "r3.wbundle");
        new RollbackGuard(state).accept(five);

        // a new guard (a restarted agent) reads the persisted state
        BundleException e = catchThrowableOfType(BundleException.class, () -> new RollbackGuard(state).check(three));

        assertThat(e.problem()).isEqualTo(Problem.ROLLBACK);
        assertThat(e.reason()).isEqualTo("bundle support-bot revision 3 is older than the accepted revision 5");
        assertThat(new RollbackGuard(state).acceptedRevision("support-bot")).isEqualTo(5);
    }

    @Test
    void theSameRevisionWithOtherContentIsRefused() throws Exception {
        RollbackGuard guard = new RollbackGuard(state);
        guard.accept(signed(5, "a.wbundle"));
        Files.writeString(dir.resolve("policy.yaml"), POLICY + "  - to: \"evil.example.com:443\"\n");
        VerifiedBundle other = signed(5, "b.wbundle");

        BundleException e = catchThrowableOfType(BundleException.class, () -> guard.accept(other));

        assertThat(e.problem()).isEqualTo(Problem.ROLLBACK);
        assertThat(e.reason()).startsWith("bundle support-bot revision 5 was already accepted with other content (manifest sha256 ")
                .endsWith("); raise the revision");
    }

    @Test
    void theSameBundleIsAcceptedAgainAndAHigherRevisionMovesTheStateForward() throws Exception {
        RollbackGuard guard = new RollbackGuard(state);
        VerifiedBundle five = signed(5, "r5.wbundle");
        guard.accept(five);
        guard.accept(five); // a restart with the same bundle
        guard.accept(signed(6, "r6.wbundle"));

        assertThat(guard.acceptedRevision("support-bot")).isEqualTo(6);
        assertThat(catchThrowableOfType(BundleException.class, () -> guard.check(five)).reason())
                .isEqualTo("bundle support-bot revision 5 is older than the accepted revision 6");
        try (var files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("support-bot.rollback");
        }
    }

    @Test
    void aRestartWithTheAcceptedBundleWritesNothingAndTheStateReadsAsProperties() throws Exception {
        RollbackGuard guard = new RollbackGuard(state);
        VerifiedBundle five = signed(5, "r5.wbundle");
        guard.accept(five);
        Path file = state.resolve("support-bot.rollback");
        java.util.Properties written = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            written.load(in);
        }
        Files.writeString(file, Files.readString(file) + "# the restart must leave this line\n");

        new RollbackGuard(state).accept(five);

        assertThat(written).containsOnly(java.util.Map.entry("name", "support-bot"), java.util.Map.entry("revision", "5"),
                java.util.Map.entry("manifest-sha256", five.manifestDigest()));
        assertThat(Files.readString(file)).endsWith("# the restart must leave this line\n");
    }

    @Test
    void checkDoesNotRecord() throws Exception {
        RollbackGuard guard = new RollbackGuard(state);
        guard.check(signed(5, "r5.wbundle"));

        assertThat(guard.acceptedRevision("support-bot")).isZero();
        guard.check(signed(3, "r3.wbundle"));
    }
}
