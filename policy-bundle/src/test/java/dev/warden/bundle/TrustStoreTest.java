package dev.warden.bundle;

import static dev.warden.bundle.BundleFixtures.trustDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {

    @TempDir
    Path tmp;

    private final Ed25519PrivateKeyParameters a = KeyPairs.generate();
    private final Ed25519PrivateKeyParameters b = KeyPairs.generate();

    @Test
    void loadsKeysThresholdAndRevocations() throws Exception {
        String aId = KeyPairs.keyId(a.generatePublicKey());
        TrustStore trust = TrustStore.load(trustDir(tmp, "t", "threshold: 1\nrevoked: [" + aId + "]\n", a, b));

        assertThat(trust.keys()).containsOnlyKeys(aId, KeyPairs.keyId(b.generatePublicKey()));
        assertThat(trust.isRevoked(aId)).isTrue();
        assertThat(trust.threshold()).isEqualTo(1);
    }

    @Test
    void aThresholdAboveTheUsableKeysIsAnError() throws Exception {
        Path dir = trustDir(tmp, "t", "threshold: 3\n", a, b);

        BundleException e = catchThrowableOfType(BundleException.class, () -> TrustStore.load(dir));

        assertThat(e.getMessage()).isEqualTo(dir.resolve("trust.yaml") + ": threshold 3 needs more keys than the 2 trusted key(s) that are not revoked");
    }

    @Test
    void badSettingsNameTheirLine() throws Exception {
        Path dir = trustDir(tmp, "t", "threshold: 1\nrevoked: [nothex]\n", a);

        BundleException e = catchThrowableOfType(BundleException.class, () -> TrustStore.load(dir));

        assertThat(e.getMessage()).isEqualTo(dir.resolve("trust.yaml") + ":2: revoked key id 'nothex' is not 16 lower-case hex characters");
        Path other = trustDir(tmp, "u", "treshold: 2\n", a);
        assertThat(catchThrowableOfType(BundleException.class, () -> TrustStore.load(other)).reason())
                .isEqualTo("unknown key 'treshold' (expected threshold, revoked)");
    }

    @Test
    void aMissingDirectoryTrustsNothing() throws Exception {
        assertThat(TrustStore.load(tmp.resolve("none")).isEmpty()).isTrue();
    }
}
