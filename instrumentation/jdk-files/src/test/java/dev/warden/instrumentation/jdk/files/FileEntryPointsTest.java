package dev.warden.instrumentation.jdk.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.CatalogueCoverage;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Every file and zone entry point exists on the JDK running the test (17 and 25) and its hook takes what the weaver passes. */
class FileEntryPointsTest {

    @Test
    void everyFileEntryPointWeavesOnThisJdk() {
        assertThat(CatalogueCoverage.problems(new FileEntryPoints())).isEmpty();
    }

    @Test
    void everyZoneEntryPointWeavesOnThisJdk() {
        assertThat(CatalogueCoverage.problems(new ZoneEntryPoints())).isEmpty();
    }

    @Test
    void bothCataloguesAreFoundByTheAgent() {
        assertThat(ServiceLoader.load(EntryPointCatalogue.class).stream().map(ServiceLoader.Provider::type))
                .contains(FileEntryPoints.class, ZoneEntryPoints.class);
    }
}
