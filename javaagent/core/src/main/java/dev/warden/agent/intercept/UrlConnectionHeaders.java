package dev.warden.agent.intercept;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The headers the app set on an HttpURLConnection, read and rewritten where the connection keeps them (its
 * {@code userHeaders}): the public API never shows {@code Authorization}, the header credentials travel in most.
 * java.base opens the two packages to Warden's module on first use.
 */
public final class UrlConnectionHeaders {

    private static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";

    private final Instrumentation instrumentation;
    private volatile Access access;

    /** {@code setRequestProperty} writes both: {@code requests} is what is sent, {@code userHeaders} what a redirect re-sends. */
    private record Access(Field requests, Field userHeaders, Method getKey, Method getValue, Method set) {
    }

    public UrlConnectionHeaders(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    private Access access() throws ReflectiveOperationException {
        Access known = access;
        if (known == null) {
            Module warden = UrlConnectionHeaders.class.getModule();
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("sun.net.www", Set.of(warden), "sun.net.www.protocol.http", Set.of(warden)), Set.of(), Map.of());
            Field requests = Class.forName(CONNECTION).getDeclaredField("requests");
            Field field = Class.forName(CONNECTION).getDeclaredField("userHeaders");
            requests.setAccessible(true);
            field.setAccessible(true);
            Class<?> header = field.getType();
            known = new Access(requests, field, header.getMethod("getKey", int.class), header.getMethod("getValue", int.class),
                    header.getMethod("set", int.class, String.class, String.class));
            access = known;
        }
        return known;
    }

    /** The headers as {@code name, value} pairs, in order; none for another implementation of HttpURLConnection. */
    List<String[]> read(HttpURLConnection connection) throws ReflectiveOperationException {
        List<String[]> pairs = new ArrayList<>();
        if (!connection.getClass().getName().equals(CONNECTION)) {
            return pairs;
        }
        Access reflect = access();
        Object headers = reflect.userHeaders.get(connection);
        for (int i = 0; ; i++) {
            String name = (String) reflect.getKey.invoke(headers, i);
            if (name == null) {
                return pairs;
            }
            pairs.add(new String[] {name, (String) reflect.getValue.invoke(headers, i)});
        }
    }

    /** Replaces each header value the app set that {@code sent} maps (name, value as set) to another. */
    void replace(HttpURLConnection connection, Map<List<String>, String> sent) throws ReflectiveOperationException {
        Access reflect = access();
        for (Field store : List.of(reflect.requests, reflect.userHeaders)) {
            Object headers = store.get(connection);
            for (int i = 0; ; i++) {
                String name = (String) reflect.getKey.invoke(headers, i);
                if (name == null) {
                    break;
                }
                String value = sent.get(List.of(name, String.valueOf(reflect.getValue.invoke(headers, i))));
                if (value != null) {
                    reflect.set.invoke(headers, i, name, value);
                }
            }
        }
    }
}
