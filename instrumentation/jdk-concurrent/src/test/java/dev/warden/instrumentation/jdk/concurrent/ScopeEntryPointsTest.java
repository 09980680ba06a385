package dev.warden.instrumentation.jdk.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.CatalogueCoverage;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Every hand-off entry point exists on the JDK running the test (17 and 25; virtual threads from 21) and its hook fits. */
class ScopeEntryPointsTest {

    @Test
    void everyHandOffEntryPointWeavesOnThisJdk() {
        assertThat(CatalogueCoverage.problems(new ScopeEntryPoints())).isEmpty();
    }

    @Test
    void theCatalogueIsFoundByTheAgent() {
        assertThat(ServiceLoader.load(EntryPointCatalogue.class).stream().map(ServiceLoader.Provider::type))
                .contains(ScopeEntryPoints.class);
    }
}
