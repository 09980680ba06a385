package dev.warden.it.harness;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A self-signed test certificate for {@code localhost} / {@code 127.0.0.1} / {@code ::1} generated in the test
 * (okhttp-tls), served by {@link RecordingHttpServer#https} and {@link Http2TlsServer}; apps trust it through a
 * PKCS12 trust store passed as {@code javax.net.ssl.trustStore*} system properties ({@link #trustStoreProps}).
 */
public final class TestTls {
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private final HeldCertificate certificate;
    private final HandshakeCertificates serverCertificates;

    private TestTls() {
        certificate = new HeldCertificate.Builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("::1")
                .duration(1, TimeUnit.DAYS)
                .rsa2048()
                .build();
        serverCertificates = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
    }

    public static TestTls generate() {
        return new TestTls();
    }

    public HeldCertificate certificate() {
        return certificate;
    }

    public SSLContext serverSslContext() {
        return serverCertificates.sslContext();
    }

    public HandshakeCertificates serverCertificates() {
        return serverCertificates;
    }

    /** Writes a PKCS12 trust store holding the certificate into {@code dir}. */
    public Path writeTrustStore(Path dir) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("warden-it", certificate.certificate());
            Path file = dir.resolve("truststore.p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** System properties making the forked JVM's default SSLContext trust this certificate. */
    public Map<String, String> trustStoreProps(Path dir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("javax.net.ssl.trustStore", writeTrustStore(dir).toString());
        p.put("javax.net.ssl.trustStorePassword", TRUST_STORE_PASSWORD);
        p.put("javax.net.ssl.trustStoreType", "PKCS12");
        return p;
    }
}
