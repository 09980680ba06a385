package dev.warden.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Test
    void okHttp314HasEveryHookUnderItsOwnNames() throws Exception {
        try (URLClassLoader okHttp3 = okHttp3Loader("warden.test.okhttp3.oldest")) {
            assertThat(instrumentation.supportsVersionIn(okHttp3)).isTrue();
            assertThat(AdviceCoverage.of(instrumentation, okHttp3)).filteredOn(s -> !s.methods().isEmpty())
                    .extracting(s -> s.adviceClassName().substring(s.adviceClassName().indexOf('$') + 1) + " " + s.methods())
                    .containsExactlyInAnyOrder(
                            "CallAdvice [okhttp3.Response okhttp3.RealCall.getResponseWithInterceptorChain()"
                                    + " throws java.io.IOException]",
                            "FollowUpAdvice [private okhttp3.Request okhttp3.internal.http.RetryAndFollowUpInterceptor."
                                    + "followUpRequest(okhttp3.Response,okhttp3.Route) throws java.io.IOException]",
                            "RequestHeadersAdvice [public void okhttp3.internal.connection.Exchange."
                                    + "writeRequestHeaders(okhttp3.Request) throws java.io.IOException]",
                            "ChainAdvice [public okhttp3.Response okhttp3.internal.http.RealInterceptorChain."
                                    + "proceed(okhttp3.Request) throws java.io.IOException]");
        }
    }

    /** 3.12 and 3.13 wrote request headers through an HttpCodec: no Exchange to put the traceparent on. */
    @Test
    void okHttpBefore314IsNotASupportedVersion() throws Exception {
        try (URLClassLoader okHttp3 = okHttp3Loader("warden.test.okhttp3.unsupported")) {
            assertThat(instrumentation.supportsVersionIn(okHttp3)).isFalse();
        }
    }

    /** The OkHttp 3 jar named by {@code property}, with the test class path's Okio (which OkHttp 3's signatures name). */
    private static URLClassLoader okHttp3Loader(String property) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(System.getProperty(property)).toUri().toURL());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith("okio")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
