package dev.warden.instrumentation.jdk.files;

import dev.warden.instrumentation.api.EntryPointCatalogue;
import dev.warden.instrumentation.api.EntryPointCatalogueContract;

/** The encryption-zone entry points, on JDK 17 and 25. */
class ZoneEntryPointsTest extends EntryPointCatalogueContract {

    @Override
    protected EntryPointCatalogue catalogue() {
        return new ZoneEntryPoints();
    }
}
