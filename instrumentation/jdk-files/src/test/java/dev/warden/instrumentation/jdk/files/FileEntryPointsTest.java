package dev.warden.instrumentation.jdk.files;

import dev.warden.instrumentation.api.EntryPointCatalogue;
import dev.warden.instrumentation.api.EntryPointCatalogueContract;

/** The file entry points, on JDK 17 and 25. */
class FileEntryPointsTest extends EntryPointCatalogueContract {

    @Override
    protected EntryPointCatalogue catalogue() {
        return new FileEntryPoints();
    }
}
