package dev.warden.instrumentation.jdk.process;

import dev.warden.instrumentation.api.EntryPointCatalogue;
import dev.warden.instrumentation.api.EntryPointCatalogueContract;

/** The process environment's entry points, on JDK 17 and 25. */
class EnvironmentEntryPointsTest extends EntryPointCatalogueContract {

    @Override
    protected EntryPointCatalogue catalogue() {
        return new EnvironmentEntryPoints();
    }
}
