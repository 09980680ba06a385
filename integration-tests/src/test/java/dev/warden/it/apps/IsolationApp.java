package dev.warden.it.apps;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarFile;

/**
 * An app carrying its OWN ByteBuddy and OpenTelemetry API/SDK (other versions than Warden's) on its class path.
 * It builds a class with ByteBuddy, records a span with its own SDK, makes one HTTP call (arg: URL), and prints the
 * library versions it saw: {@code RESULT ok bytebuddy=.. made=.. otel-api=.. otel-sdk=.. span=.. ... status=..}.
 */
public final class IsolationApp {
    public static void main(String[] args) {
        String url = args[0];
        Report.run(() -> {
            // 1. ByteBuddy: build and load a class
            Class<?> made = new ByteBuddy()
                    .subclass(Object.class)
                    .name("dev.warden.it.apps.GeneratedByAppByteBuddy")
                    .method(ElementMatchers.named("toString"))
                    .intercept(FixedValue.value("made-by-bytebuddy"))
                    .make()
                    .load(IsolationApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                    .getLoaded();
            String madeText = made.getDeclaredConstructor().newInstance().toString();

            // 2. the app's own OpenTelemetry SDK
            List<String> exported = new CopyOnWriteArrayList<>();
            SdkTracerProvider provider = SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                        @Override
                        public CompletableResultCode export(Collection<SpanData> spans) {
                            spans.forEach(s -> exported.add(s.getName()));
                            return CompletableResultCode.ofSuccess();
                        }

                        @Override
                        public CompletableResultCode flush() {
                            return CompletableResultCode.ofSuccess();
                        }

                        @Override
                        public CompletableResultCode shutdown() {
                            return CompletableResultCode.ofSuccess();
                        }
                    }))
                    .build();
            Tracer tracer = provider.get("isolation-app");
            Span span = tracer.spanBuilder("app-span").startSpan();
            boolean valid = span.getSpanContext().isValid();
            span.end();
            provider.shutdown();
            String sdkVersion = Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version"));
            OpenTelemetry global = GlobalOpenTelemetry.get();

            // 3. one HTTP call, mediated by Warden
            @SuppressWarnings("deprecation")
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(10000);
            String body;
            try (InputStream in = c.getInputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }

            ClassLoader app = ClassLoader.getSystemClassLoader();
            return new String[] {
                    "bytebuddy", jarVersion(ByteBuddy.class),
                    "bytebuddy-loader", ByteBuddy.class.getClassLoader() == app ? "app" : String.valueOf(ByteBuddy.class.getClassLoader()),
                    "made", madeText,
                    "otel-api", jarVersion(OpenTelemetry.class),
                    "otel-api-loader", OpenTelemetry.class.getClassLoader() == app ? "app" : String.valueOf(OpenTelemetry.class.getClassLoader()),
                    "otel-sdk", sdkVersion,
                    "span", String.join(",", exported),
                    "span-valid", String.valueOf(valid),
                    "global", global.getClass().getName(),
                    "status", String.valueOf(c.getResponseCode()),
                    "body", body};
        });
    }

    /** The version in the manifest of the jar {@code c} was loaded from. */
    static String jarVersion(Class<?> c) throws Exception {
        if (c.getProtectionDomain().getCodeSource() == null) {
            return "no-code-source";
        }
        Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile jar = new JarFile(p.toFile())) {
            var attrs = jar.getManifest().getMainAttributes();
            String v = attrs.getValue("Implementation-Version");
            if (v == null) {
                v = attrs.getValue("Bundle-Version");
            }
            return v + "@" + p.getFileName();
        }
    }
}
