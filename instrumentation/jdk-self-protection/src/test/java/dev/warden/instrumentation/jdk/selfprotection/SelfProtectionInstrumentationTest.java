package dev.warden.instrumentation.jdk.selfprotection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import dev.warden.instrumentation.api.AdviceCoverage.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each hook selects exactly the JDK method it is meant for, on the JDK running the build. */
class SelfProtectionInstrumentationTest {

    @Test
    void reflectionHooksSelectTheCheckEverySetAccessibleReachesAndPrivateLookupIn() throws Exception {
        List<Selection> selections = AdviceCoverage.of(new ReflectionInstrumentation());
        assertThat(selections).flatExtracting(Selection::methods).containsExactlyInAnyOrder(
                "private boolean java.lang.reflect.AccessibleObject.checkCanSetAccessible(java.lang.Class,java.lang.Class,boolean)",
                "public static java.lang.invoke.MethodHandles$Lookup java.lang.invoke.MethodHandles.privateLookupIn("
                        + "java.lang.Class,java.lang.invoke.MethodHandles$Lookup) throws java.lang.IllegalAccessException");
    }

    @Test
    void instrumentationHooksSelectRetransformAndRedefine() throws Exception {
        List<Selection> selections = AdviceCoverage.of(new InstrumentationApiInstrumentation());
        assertThat(selections).flatExtracting(Selection::methods).hasSize(2).allSatisfy(method ->
                assertThat(method).matches(".*sun\\.instrument\\.InstrumentationImpl\\.(retransformClasses\\(java\\.lang\\.Class\\[\\]\\)"
                        + "|redefineClasses\\(java\\.lang\\.instrument\\.ClassDefinition\\[\\]\\).*)"));
    }
}
