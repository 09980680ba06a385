package dev.warden.instrumentation.jdk.selfprotection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.CatalogueCoverage;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The reflection and redefinition entry points exist on the JDK running the test (17 and 25) and their hooks fit. */
class SelfProtectionEntryPointsTest {

    @Test
    void everySelfProtectionEntryPointWeavesOnThisJdk() {
        assertThat(CatalogueCoverage.problems(new SelfProtectionEntryPoints())).isEmpty();
    }

    @Test
    void theCatalogueIsFoundByTheAgent() {
        assertThat(ServiceLoader.load(EntryPointCatalogue.class).stream().map(ServiceLoader.Provider::type))
                .contains(SelfProtectionEntryPoints.class);
    }
}
