package dev.warden.it.apps;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What a plain app needs from the JVM's own files, one {@code RESULT} line per step: classes from
 * the class path, the default trust store (HTTPS), time zones, console logging, JDBC with H2 in
 * memory. Then the app reads two of those same files itself ({@code step=direct-*}), which the
 * policy decides, and the trust store again from classes it named like the JDK's and Warden's own
 * ({@code sun.steal}, {@code dev.warden.steal}), which are still the app's. Arg: the path of this app's own class file.
 */
public final class JvmWorkApp {

    public static void main(String[] args) {
        Report.run(new String[] {"step", "trust-store"}, () -> {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            int trusted = ((X509TrustManager) factory.getTrustManagers()[0]).getAcceptedIssuers().length;
            SSLContext.getDefault().createSSLEngine("example.org", 443).getSupportedCipherSuites();
            return new String[] {"trusted", trusted > 0 ? "some" : "none"};
        });
        Report.run(new String[] {"step", "time-zones"}, () -> new String[] {"zone",
                ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneId.of("America/New_York")).getOffset().toString()});
        Report.run(new String[] {"step", "logging"}, () -> {
            Logger.getLogger("jvm-work").info("console logging works");
            return new String[0];
        });
        Report.run(new String[] {"step", "h2"}, () -> {
            try (Connection c = DriverManager.getConnection("jdbc:h2:mem:jvmwork");
                 Statement s = c.createStatement()) {
                s.execute("create table t(id int primary key, name varchar(20))");
                s.execute("insert into t values (1, 'one')");
                try (ResultSet rs = s.executeQuery("select name from t where id = 1")) {
                    rs.next();
                    return new String[] {"name", rs.getString(1)};
                }
            }
        });
        Report.run(new String[] {"step", "resource"}, () -> {
            try (InputStream in = JvmWorkApp.class.getResourceAsStream("JvmWorkApp.class")) {
                return new String[] {"read", String.valueOf(in.readAllBytes().length > 0)};
            }
        });
        Report.run(new String[] {"step", "direct-cacerts"}, () -> {
            Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            return new String[] {"bytes", String.valueOf(Files.readAllBytes(cacerts).length)};
        });
        Report.run(new String[] {"step", "direct-class-file"}, () -> {
            try (InputStream in = new FileInputStream(args[0])) {
                return new String[] {"bytes", String.valueOf(in.readAllBytes().length)};
            }
        });
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        Report.run(new String[] {"step", "jdk-named-cacerts"}, () -> new String[] {"bytes",
                String.valueOf(sun.steal.JdkNamedReader.read(cacerts))});
        Report.run(new String[] {"step", "warden-named-cacerts"}, () -> new String[] {"bytes",
                String.valueOf(sun.steal.JdkNamedReader.call(() -> dev.warden.steal.WardenNamedReader.read(cacerts)))});
    }
}
