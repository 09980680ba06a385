package dev.warden.instrumentation.jdk.net;

import dev.warden.instrumentation.api.EntryPointCatalogue;
import dev.warden.instrumentation.api.EntryPointCatalogueContract;

/** The socket channel writes and the socket stream's, on JDK 17 and 25. */
class TrafficEntryPointsTest extends EntryPointCatalogueContract {

    @Override
    protected EntryPointCatalogue catalogue() {
        return new TrafficEntryPoints();
    }
}
