package dev.warden.instrumentation.api;

import static dev.warden.instrumentation.api.EntryPoint.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The coverage check reports each way a catalogue line can drift from the JDK or from its hook. */
class CatalogueCoverageTest {

    public static final class Hooks {
        public static void checkOpen(String path, int mode) {
        }

        public static boolean deniesDelete(Object self) {
            return false;
        }
    }

    private static final String HOOKS = Hooks.class.getName();

    @Test
    void aLineThatWeavesHasNoProblem() {
        assertThat(CatalogueCoverage.problems(() -> List.of(
                at("java.io.FileInputStream", "open(java.lang.String)").arguments(0).constants(1)
                        .access("file read", "throws").before(HOOKS, "checkOpen"),
                at("java.io.File", "delete()").self().access("file delete", "returns false").skipIf(HOOKS, "deniesDelete"))))
                .isEmpty();
    }

    @Test
    void aMethodTheJdkDoesNotHaveIsReportedUnlessItComesInALaterJdk() {
        assertThat(CatalogueCoverage.problems(() -> List.of(
                at("java.io.FileInputStream", "open(java.lang.String, int)").arguments(0).constants(1)
                        .access("file read", "throws").before(HOOKS, "checkOpen"),
                at("java.io.FileInputStream", "openLater(java.lang.String)").since(Runtime.version().feature() + 1)
                        .arguments(0).constants(1).access("file read", "throws").before(HOOKS, "checkOpen"))))
                .singleElement().asString().contains("open(java.lang.String, int): no such method");
    }

    @Test
    void aHookWhoseParametersOrResultDoNotFitIsReported() {
        assertThat(CatalogueCoverage.problems(() -> List.of(
                at("java.io.FileInputStream", "open(java.lang.String)").arguments(0)
                        .access("file read", "throws").before(HOOKS, "checkOpen"),
                at("java.io.File", "delete()").self().access("file delete", "returns false").before(HOOKS, "deniesDelete"))))
                .satisfiesExactly(
                        missingConstant -> assertThat(missingConstant).contains("no public hook checkOpen[java.lang.String]"),
                        wrongResult -> assertThat(wrongResult).contains("must return void"));
    }
}
