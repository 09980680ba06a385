package dev.warden.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.bundle.BundleException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPairsTest {

    @TempDir
    Path tmp;

    @Test
    void writesAPemPairThatReadsBackWithAPrivateFileMode() throws Exception {
        Ed25519PrivateKeyParameters key = KeyPairs.generate();

        String id = KeyPairs.write(key, tmp.resolve("ops"));

        assertThat(id).matches("[0-9a-f]{16}").isEqualTo(KeyPairs.keyId(key.generatePublicKey()));
        assertThat(Files.readString(tmp.resolve("ops.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(tmp.resolve("ops.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("ops.key")))).isEqualTo("rw-------");
        assertThat(KeyPairs.readPrivate(tmp.resolve("ops.key")).getEncoded()).isEqualTo(key.getEncoded());
        assertThat(KeyPairs.keyId(KeyPairs.readPublic(tmp.resolve("ops.pub")))).isEqualTo(id);
    }

    @Test
    void theKeyIdIsTheStartOfTheSha256OfTheRawPublicKey() {
        Ed25519PrivateKeyParameters key = KeyPairs.generate();

        assertThat(KeyPairs.keyId(key.generatePublicKey()))
                .isEqualTo(Hashes.sha256Hex(key.generatePublicKey().getEncoded()).substring(0, 16));
    }

    @Test
    void neverOverwritesAKey() throws Exception {
        KeyPairs.write(KeyPairs.generate(), tmp.resolve("ops"));

        BundleException e = catchThrowableOfType(BundleException.class, () -> KeyPairs.write(KeyPairs.generate(), tmp.resolve("ops")));

        assertThat(e.getMessage()).isEqualTo(tmp.resolve("ops.key") + ": already exists; not overwriting a key");
    }

    @Test
    void refusesTheWrongKindOfPem() throws Exception {
        KeyPairs.write(KeyPairs.generate(), tmp.resolve("ops"));

        assertThat(catchThrowableOfType(BundleException.class, () -> KeyPairs.readPublic(tmp.resolve("ops.key"))).reason())
                .isEqualTo("holds a PRIVATE KEY, expected a PUBLIC KEY");
        Path junk = Files.writeString(tmp.resolve("junk.pub"), "hello\n");
        BundleException e = catchThrowableOfType(BundleException.class, () -> KeyPairs.readPublic(junk));
        assertThat(e.problem()).isEqualTo(Problem.BAD_KEY);
    }

    @Test
    void readsAKeyPairWrittenByOpenSsl() throws Exception {
        // openssl genpkey -algorithm ed25519; openssl pkey -pubout
        Path privateFile = Files.writeString(tmp.resolve("openssl.key"), """
                -----BEGIN PRIVATE KEY-----
                MC4CAQAwBQYDK2VwBCIEIP1hQZznZ49CDrDiQYgLVqdUq3mbIn7VBechlrreEuVB
                -----END PRIVATE KEY-----
                """);
        Path publicFile = Files.writeString(tmp.resolve("openssl.pub"), """
                -----BEGIN PUBLIC KEY-----
                MCowBQYDK2VwAyEA81nTmTD/ue0bqxeUPDeOnvqE9Y7F8nILcSOUuaC65tU=
                -----END PUBLIC KEY-----
                """);

        Ed25519PrivateKeyParameters key = KeyPairs.readPrivate(privateFile);

        assertThat(key.generatePublicKey().getEncoded()).isEqualTo(KeyPairs.readPublic(publicFile).getEncoded());
        KeyPairs.write(key, tmp.resolve("again"));
        assertThat(Files.readString(tmp.resolve("again.key"))).isEqualTo(Files.readString(privateFile));
        assertThat(Files.readString(tmp.resolve("again.pub"))).isEqualTo(Files.readString(publicFile));
    }

    @Test
    void refusesAPrivateKeyOfAnotherAlgorithm() throws Exception {
        // openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256
        Path ecKey = Files.writeString(tmp.resolve("ec.key"), """
                -----BEGIN PRIVATE KEY-----
                MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgBsciCjQn6+7uHFzR
                hJlei9z9yhnCLOdM32XwZJZF8FuhRANCAASeJEA4XqygUVbI5S223viLHch0JrLX
                kve6wmljUMDZp0DiWrxpMIJij+hIO+4H62/CVbA4bSSzMiqFYWnNMhsS
                -----END PRIVATE KEY-----
                """);
        Path notDer = Files.writeString(tmp.resolve("bad.key"), "-----BEGIN PRIVATE KEY-----\naGVsbG8=\n-----END PRIVATE KEY-----\n");

        assertThat(catchThrowableOfType(BundleException.class, () -> KeyPairs.readPrivate(ecKey)).reason())
                .isEqualTo("not an Ed25519 private key");
        assertThat(catchThrowableOfType(BundleException.class, () -> KeyPairs.readPrivate(notDer)).reason())
                .isEqualTo("not a valid PKCS#8 private key");
    }

    @Test
    void readsThePemBlockAmongOtherTextWithWindowsLineEndsAndRefusesABrokenOne() throws Exception {
        String publicKey = "MCowBQYDK2VwAyEA81nTmTD/ue0bqxeUPDeOnvqE9Y7F8nILcSOUuaC65tU=";
        Path windows = Files.writeString(tmp.resolve("windows.pub"),
                "ops key, from the vault\r\n-----BEGIN PUBLIC KEY-----\r\n" + publicKey + "\r\n-----END PUBLIC KEY-----\r\n");
        Path noEnd = Files.writeString(tmp.resolve("no-end.pub"), "-----BEGIN PUBLIC KEY-----\n" + publicKey + "\n");
        Path notBase64 = Files.writeString(tmp.resolve("not-base64.pub"), "-----BEGIN PUBLIC KEY-----\nMCow*BQ\n-----END PUBLIC KEY-----\n");
        Path junk = Files.writeString(tmp.resolve("junk.pub"), "hello\n");

        assertThat(KeyPairs.readPublic(windows).getEncoded()).hasSize(32);
        assertThat(catchThrowableOfType(BundleException.class, () -> KeyPairs.readPublic(noEnd)).reason()).isEqualTo("not a PEM file");
        assertThat(catchThrowableOfType(BundleException.class, () -> KeyPairs.readPublic(notBase64)).reason()).isEqualTo("not a PEM file");
        assertThat(catchThrowableOfType(BundleException.class, () -> KeyPairs.readPublic(junk)).reason())
                .isEqualTo("no PEM block (expected -----BEGIN PUBLIC KEY-----)");
    }
}
