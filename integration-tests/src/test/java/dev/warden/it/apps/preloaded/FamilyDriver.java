package dev.warden.it.apps.preloaded;

import java.sql.Connection;
import java.util.Properties;

/** A JDBC driver through an app's interface only ({@link DriverFamily}); its {@code connect} only notes that it ran. */
public class FamilyDriver implements DriverFamily {
    public static volatile boolean connectRan;

    @Override
    public Connection connect(String url, Properties info) {
        connectRan = true;
        return null;
    }
}
