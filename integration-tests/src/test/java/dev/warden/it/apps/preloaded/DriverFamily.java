package dev.warden.it.apps.preloaded;

import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.util.Properties;
import java.util.logging.Logger;

/** An app's interface that is a JDBC driver: {@link FamilyDriver} is one only through it. */
public interface DriverFamily extends Driver {

    @Override
    default boolean acceptsURL(String url) {
        return url.startsWith("jdbc:preloaded:");
    }

    @Override
    default DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    default int getMajorVersion() {
        return 1;
    }

    @Override
    default int getMinorVersion() {
        return 0;
    }

    @Override
    default boolean jdbcCompliant() {
        return false;
    }

    @Override
    default Logger getParentLogger() {
        return Logger.getGlobal();
    }
}
