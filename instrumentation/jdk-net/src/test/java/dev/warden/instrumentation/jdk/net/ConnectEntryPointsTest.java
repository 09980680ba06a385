package dev.warden.instrumentation.jdk.net;

import dev.warden.instrumentation.api.EntryPointCatalogue;
import dev.warden.instrumentation.api.EntryPointCatalogueContract;

/** The lookup and connect entry points, on JDK 17 and 25. */
class ConnectEntryPointsTest extends EntryPointCatalogueContract {

    @Override
    protected EntryPointCatalogue catalogue() {
        return new ConnectEntryPoints();
    }
}
