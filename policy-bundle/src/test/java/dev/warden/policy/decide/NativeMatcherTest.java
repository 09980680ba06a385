package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.PolicyParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeMatcherTest {

    private static PolicyEngine engine(String yaml) throws Exception {
        return PolicyEngine.compile(PolicyParser.parse(yaml, "test.yaml"), PathVariables.of(Map.of("java.io.tmpdir", "/tmp/")));
    }

    @Test
    void withoutTheSectionNoNativeCodeIsAllowed() throws Exception {
        PolicyEngine engine = engine("policy: p\n");

        Verdict library = engine.decideNative(NativeAccess.library("/tmp/libfoo.so"), null);
        assertThat(library.allowed()).isFalse();
        assertThat(library.reason()).isEqualTo("the policy allows no native library (native.libraries)");
        assertThat(engine.decideNative(NativeAccess.FFM, null).reason())
                .isEqualTo("the policy does not allow the FFM API's restricted methods (native.ffm)");
        assertThat(engine.decideNative(NativeAccess.UNSAFE, null).allowed()).isFalse();
    }

    @Test
    void libraryGlobsExpandVariablesAndTheFirstMatchDecides() throws Exception {
        PolicyEngine engine = engine("""
                policy: p
                native:
                  libraries: ["${java.io.tmpdir}/sqlite-*-libsqlitejdbc.so", "/usr/lib/**/libfoo.so", "${unset}/x.so"]
                  ffm: true
                """);

        Verdict sqlite = engine.decideNative(NativeAccess.library("/tmp/sqlite-3.45-9a1b-libsqlitejdbc.so"), null);
        assertThat(sqlite.allowed()).isTrue();
        assertThat(sqlite.rule()).isEqualTo("native.libraries[0]");
        assertThat(sqlite.reason()).isEqualTo("allowed by native.libraries[0] (${java.io.tmpdir}/sqlite-*-libsqlitejdbc.so)");
        assertThat(engine.decideNative(NativeAccess.library("/usr/lib/x86_64/deep/libfoo.so"), null).rule())
                .isEqualTo("native.libraries[1]");

        Verdict other = engine.decideNative(NativeAccess.library("/tmp/sub/sqlite-1-libsqlitejdbc.so"), null);
        assertThat(other.allowed()).isFalse();
        assertThat(other.reason()).isEqualTo("no native.libraries glob matches /tmp/sub/sqlite-1-libsqlitejdbc.so");
        assertThat(engine.decideNative(NativeAccess.library("/x.so"), null).allowed()).isFalse();

        assertThat(engine.decideNative(NativeAccess.FFM, null).rule()).isEqualTo("native.ffm");
        assertThat(engine.decideNative(NativeAccess.UNSAFE, null).allowed()).isFalse();
    }

    @Test
    void aSegmentNarrowsNativeCodeLikeAnyOtherSection() throws Exception {
        PolicyEngine engine = engine("""
                policy: p
                native:
                  libraries: ["/opt/lib/*.so"]
                  unsafe: true
                segments:
                  - tool: fetch
                    native: { libraries: ["/opt/lib/liba.so"] }
                  - tool: other
                """);

        assertThat(engine.decideNative(NativeAccess.library("/opt/lib/libb.so"), engine.toolScope("other")).allowed()).isTrue();
        Verdict narrowed = engine.decideNative(NativeAccess.library("/opt/lib/libb.so"), engine.toolScope("fetch"));
        assertThat(narrowed.allowed()).isFalse();
        assertThat(narrowed.rule()).isEqualTo("segments[0].native default-deny");
        Verdict allowed = engine.decideNative(NativeAccess.library("/opt/lib/liba.so"), engine.toolScope("fetch"));
        assertThat(allowed.rule()).isEqualTo("native.libraries[0]");
        assertThat(engine.decideNative(NativeAccess.UNSAFE, engine.toolScope("fetch")).allowed()).isFalse();
    }
}
