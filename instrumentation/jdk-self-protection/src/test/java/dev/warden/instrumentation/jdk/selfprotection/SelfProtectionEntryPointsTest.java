package dev.warden.instrumentation.jdk.selfprotection;

import dev.warden.instrumentation.api.EntryPointCatalogue;
import dev.warden.instrumentation.api.EntryPointCatalogueContract;

/** The reflection and redefinition entry points, on JDK 17 and 25. */
class SelfProtectionEntryPointsTest extends EntryPointCatalogueContract {

    @Override
    protected EntryPointCatalogue catalogue() {
        return new SelfProtectionEntryPoints();
    }
}
