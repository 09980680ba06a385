package dev.warden.bundle;

import dev.warden.bundle.BundleException.Problem;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Ed25519 signing keys: generation, PEM files ({@code PRIVATE KEY} PKCS#8 / {@code PUBLIC KEY}
 * SubjectPublicKeyInfo, the formats {@code openssl genpkey -algorithm ed25519} uses) and key ids.
 * A key id is the first 16 hex characters of the SHA-256 of the raw 32-byte public key.
 */
public final class KeyPairs {

    /** SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes, no unused bits) }: RFC 8410. */
    private static final byte[] ED25519_SPKI_HEADER = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    /** id-Ed25519 (RFC 8410); an object made when a private key is read or written, never at the agent's start. */
    private static final String ID_ED25519 = "1.3.101.112";


    /** Longest key file read; a PEM Ed25519 key is about 120 bytes. */
    private static final long MAX_KEY_FILE = 16 * 1024;

    private KeyPairs() {
    }

    /** A fresh key pair from a {@link SecureRandom}. */
    public static Ed25519PrivateKeyParameters generate() {
        return new Ed25519PrivateKeyParameters(new SecureRandom());
    }

    /** The key id of a public key: 16 lower-case hex characters. */
    public static String keyId(Ed25519PublicKeyParameters key) {
        return HexFormat.of().formatHex(Hashes.sha256(key.getEncoded()), 0, 8);
    }

    /**
     * Writes {@code PREFIX.key} (private, mode 600 where the file system is POSIX) and
     * {@code PREFIX.pub}. Refuses to overwrite either file.
     *
     * @return the key id
     */
    public static String write(Ed25519PrivateKeyParameters key, Path prefix) throws BundleException {
        Path privateFile = withSuffix(prefix, ".key");
        Path publicFile = withSuffix(prefix, ".pub");
        for (Path existing : new Path[] {privateFile, publicFile}) {
            if (Files.exists(existing)) {
                throw new BundleException(Problem.BAD_INPUT, existing.toString(), "already exists; not overwriting a key");
            }
        }
        try {
            String privatePem = pem("PRIVATE KEY", privateKeyInfo(key).getEncoded());
            String publicPem = pem("PUBLIC KEY", subjectPublicKeyInfo(key.generatePublicKey()));
            if (privateFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(privateFile);
            }
            Files.writeString(privateFile, privatePem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(publicFile, publicPem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            throw new BundleException(Problem.BAD_INPUT, e.getFile(), "already exists; not overwriting a key");
        } catch (IOException e) {
            throw new BundleException(Problem.IO, prefix.toString(), "cannot write the key pair: " + e.getMessage(), e);
        }
        return keyId(key.generatePublicKey());
    }

    /**
     * PKCS#8 version 1 (RFC 8410 without the optional public key, which OpenSSL 3.0 cannot read).
     * Written from Bouncy Castle's ASN.1 types, not its key factories: those reach every key type
     * Bouncy Castle knows, and the agent jar carries only the classes Warden's calls reach.
     */
    static PrivateKeyInfo privateKeyInfo(Ed25519PrivateKeyParameters key) throws IOException {
        return new PrivateKeyInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier(ID_ED25519)), new DEROctetString(key.getEncoded()));
    }

    static byte[] subjectPublicKeyInfo(Ed25519PublicKeyParameters key) {
        byte[] der = Arrays.copyOf(ED25519_SPKI_HEADER, ED25519_SPKI_HEADER.length + Ed25519PublicKeyParameters.KEY_SIZE);
        key.encode(der, ED25519_SPKI_HEADER.length);
        return der;
    }

    /** Reads a PEM {@code PRIVATE KEY} file holding an Ed25519 key (also one written by {@code openssl genpkey}). */
    public static Ed25519PrivateKeyParameters readPrivate(Path file) throws BundleException {
        byte[] der = readPem(file, "PRIVATE KEY");
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new BundleException(Problem.BAD_KEY, file.toString(), "not a valid PKCS#8 private key");
        }
        if (info == null || !ID_ED25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm().getId())) {
            throw new BundleException(Problem.BAD_KEY, file.toString(), "not an Ed25519 private key");
        }
        try {
            return new Ed25519PrivateKeyParameters(ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets());
        } catch (IOException | RuntimeException e) {
            throw new BundleException(Problem.BAD_KEY, file.toString(), "not a valid PKCS#8 private key");
        }
    }

    /** Reads a PEM {@code PUBLIC KEY} file holding an Ed25519 key. */
    public static Ed25519PublicKeyParameters readPublic(Path file) throws BundleException {
        byte[] der = readPem(file, "PUBLIC KEY");
        // An Ed25519 SubjectPublicKeyInfo has one fixed 12-byte header (RFC 8410); matching it
        // directly spares the agent's startup Bouncy Castle's whole ASN.1 machinery.
        if (der.length != ED25519_SPKI_HEADER.length + Ed25519PublicKeyParameters.KEY_SIZE
                || !Arrays.equals(der, 0, ED25519_SPKI_HEADER.length, ED25519_SPKI_HEADER, 0, ED25519_SPKI_HEADER.length)) {
            throw new BundleException(Problem.BAD_KEY, file.toString(), "not an Ed25519 public key");
        }
        return new Ed25519PublicKeyParameters(der, ED25519_SPKI_HEADER.length);
    }

    static Path withSuffix(Path prefix, String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }

    private static byte[] readPem(Path file, String type) throws BundleException {
        String text;
        try {
            if (Files.size(file) > MAX_KEY_FILE) {
                throw new BundleException(Problem.BAD_KEY, file.toString(), "too large for a key file");
            }
            // a FileInputStream, not Files.readString: NIO's file channels are some twenty classes more at the agent's start
            byte[] bytes;
            try (FileInputStream in = new FileInputStream(file.toFile())) {
                bytes = in.readNBytes((int) MAX_KEY_FILE);
            }
            text = StandardCharsets.US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IOException e) {
            throw new BundleException(Problem.IO, file.toString(), "cannot read the key: " + describe(e), e);
        }
        PemObject pem;
        try (PemReader reader = new PemReader(new StringReader(text))) {
            pem = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw new BundleException(Problem.BAD_KEY, file.toString(), "not a PEM file");
        }
        if (pem == null) {
            throw new BundleException(Problem.BAD_KEY, file.toString(), "no PEM block (expected -----BEGIN " + type + "-----)");
        }
        if (!pem.getType().equals(type)) {
            throw new BundleException(Problem.BAD_KEY, file.toString(), "holds a " + pem.getType() + ", expected a " + type);
        }
        return pem.getContent();
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not valid text";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
