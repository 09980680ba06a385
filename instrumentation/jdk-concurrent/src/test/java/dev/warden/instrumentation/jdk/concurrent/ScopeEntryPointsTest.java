package dev.warden.instrumentation.jdk.concurrent;

import dev.warden.instrumentation.api.EntryPointCatalogue;
import dev.warden.instrumentation.api.EntryPointCatalogueContract;

/** The hand-off entry points, on JDK 17 and 25 (virtual threads from 21). */
class ScopeEntryPointsTest extends EntryPointCatalogueContract {

    @Override
    protected EntryPointCatalogue catalogue() {
        return new ScopeEntryPoints();
    }
}
