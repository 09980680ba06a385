package dev.warden.instrumentation.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * What every catalogue's test checks, on the JDK running it (each module runs its tests on JDK 17
 * and 25): every entry point exists and its hook takes what the weaver passes, and the agent finds
 * the catalogue as a service.
 */
public abstract class EntryPointCatalogueContract {

    protected abstract EntryPointCatalogue catalogue();

    @Test
    void everyEntryPointWeavesOnThisJdk() {
        assertThat(CatalogueCoverage.problems(catalogue())).isEmpty();
    }

    @Test
    void theAgentFindsTheCatalogue() {
        assertThat(ServiceLoader.load(EntryPointCatalogue.class).stream().map(ServiceLoader.Provider::type))
                .contains(catalogue().getClass());
    }
}
