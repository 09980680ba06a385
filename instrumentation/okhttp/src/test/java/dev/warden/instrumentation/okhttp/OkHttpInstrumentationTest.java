package dev.warden.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

class OkHttpInstrumentationTest {

    private final OkHttpInstrumentation instrumentation = new OkHttpInstrumentation();
    private final ClassLoader okHttpLoader = OkHttpInstrumentationTest.class.getClassLoader();

    @Test
    void eachAdviceSelectsExactlyTheOneMethodItIsFor() throws Exception {
        List<AdviceCoverage.Selection> selections = AdviceCoverage.of(instrumentation, okHttpLoader);

        assertThat(selections).filteredOn(s -> !s.methods().isEmpty())
                .extracting(s -> s.adviceClassName().substring(s.adviceClassName().indexOf('$') + 1) + " " + s.methods())
                .containsExactlyInAnyOrder(
                        "CallAdvice [public final okhttp3.Response okhttp3.internal.connection.RealCall."
                                + "getResponseWithInterceptorChain$okhttp() throws java.io.IOException]",
                        "FollowUpAdvice [private final okhttp3.Request okhttp3.internal.http.RetryAndFollowUpInterceptor."
                                + "followUpRequest(okhttp3.Response,okhttp3.internal.connection.Exchange,okhttp3.Interceptor$Chain)"
                                + " throws java.io.IOException]",
                        "RequestHeadersAdvice [public final void okhttp3.internal.connection.Exchange."
                                + "writeRequestHeaders(okhttp3.Request) throws java.io.IOException]",
                        "ChainAdvice [public okhttp3.Response okhttp3.internal.http.RealInterceptorChain."
                                + "proceed(okhttp3.Request) throws java.io.IOException]");
    }

    @Test
    void theVersionCheckFindsTheHookedNamesInTheLibraryItself() {
        assertThat(instrumentation.supportsVersionIn(okHttpLoader)).isTrue();
    }

    @Test
    void aLoaderWithoutOkHttpIsNotASupportedVersion() {
        assertThat(instrumentation.supportsVersionIn(ClassLoader.getPlatformClassLoader())).isFalse();
    }
}
