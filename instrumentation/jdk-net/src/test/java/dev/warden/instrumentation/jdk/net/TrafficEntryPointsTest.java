package dev.warden.instrumentation.jdk.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.CatalogueCoverage;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The socket channel writes exist on the JDK running the test and their hooks take what the weaver passes. */
class TrafficEntryPointsTest {

    @Test
    void everyChannelWriteEntryPointWeavesOnThisJdk() {
        assertThat(CatalogueCoverage.problems(new TrafficEntryPoints())).isEmpty();
    }

    @Test
    void theCatalogueIsFoundByTheAgent() {
        assertThat(ServiceLoader.load(EntryPointCatalogue.class).stream().map(ServiceLoader.Provider::type))
                .contains(TrafficEntryPoints.class);
    }
}
