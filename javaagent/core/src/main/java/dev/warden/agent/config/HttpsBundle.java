package dev.warden.agent.config;

import dev.warden.bundle.BundleArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A bundle served over HTTPS, downloaded into a private file that is then verified like any
 * bundle file. Between reloads it is asked for with {@code If-None-Match}: a 304 means nothing
 * changed. The server is authenticated by the JVM's trust store; the bundle by its signatures.
 */
final class HttpsBundle implements BundleOrigin {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final Path file;
    private HttpClient reloadClient;
    private String etag;

    HttpsBundle(URI url, Path file) {
        this.url = url;
        this.file = file;
    }

    /** The private file the downloads go to: {@code <state>/downloads/<last path segment of the URL>}. */
    static Path downloadFile(URI url, Path state) {
        String path = url.getPath() == null ? "" : url.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return state.resolve("downloads").resolve(name.isEmpty() || name.startsWith(".") ? "bundle.wbundle" : name);
    }

    /** Whether {@code location} names a URL rather than a file; only https is accepted by the caller. */
    static boolean isUrl(String location) {
        return location.toLowerCase(Locale.ROOT).matches("[a-z][a-z0-9+.-]*://.*");
    }

    Path file() {
        return file;
    }

    /**
     * The first download, at startup, before any hook is installed. Its client is dropped after:
     * its threads were not started by a Warden thread, so they must not carry the reload traffic.
     */
    void download() throws IOException {
        fetch(newClient()); // no ETag yet: a download, or a failure
    }

    @Override
    public boolean refresh() throws IOException {
        if (reloadClient == null) {
            // Made on Warden's reload thread, whose mark the client's own threads inherit, so this
            // traffic is never held to the app's policy.
            reloadClient = newClient();
        }
        return fetch(reloadClient);
    }

    private static HttpClient newClient() throws IOException {
        return HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could leave TLS or the operator's server
                .sslContext(ownSslContext())
                .build();
    }

    private boolean fetch(HttpClient client) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            throw new IOException("could not download " + url + ": interrupted");
        } catch (IOException failed) {
            throw new IOException("could not download " + url + ": "
                    + (failed.getMessage() == null ? failed.getClass().getName() : failed.toString()));
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() == 304 && etag != null) {
                return false;
            }
            if (response.statusCode() != 200) {
                throw new IOException("could not download " + url + ": HTTP status " + response.statusCode());
            }
            save(body);
        }
        etag = response.headers().firstValue("ETag").orElse(null);
        return true;
    }

    /** Into a temporary file first, then moved over the download in one step: never a half-written bundle. */
    private void save(InputStream body) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[8192];
                long total = 0;
                for (int read; (read = body.read(buffer)) >= 0; ) {
                    total += read;
                    if (total > BundleArchive.MAX_ARCHIVE_BYTES) {
                        throw new IOException("could not download " + url + ": more than "
                                + BundleArchive.MAX_ARCHIVE_BYTES + " bytes, the limit of a bundle");
                    }
                    out.write(buffer, 0, read);
                }
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Trusts what the JVM's default trust store trusts, without touching the app's default
     * SSLContext: initialising that in premain would freeze trust-store settings the app makes later.
     */
    private static SSLContext ownSslContext() throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init((KeyStore) null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException unusable) {
            throw new IOException("no TLS for bundle downloads: " + unusable, unusable);
        }
    }
}
