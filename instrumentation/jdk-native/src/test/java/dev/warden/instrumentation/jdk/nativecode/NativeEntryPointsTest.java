package dev.warden.instrumentation.jdk.nativecode;

import dev.warden.instrumentation.api.EntryPointCatalogue;
import dev.warden.instrumentation.api.EntryPointCatalogueContract;

/** The JNI load, FFM restricted-method and Unsafe entry points, on JDK 17 and 25. */
class NativeEntryPointsTest extends EntryPointCatalogueContract {

    @Override
    protected EntryPointCatalogue catalogue() {
        return new NativeEntryPoints();
    }
}
