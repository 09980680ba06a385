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
 * {@code userHeaders}): the public API never shows {@code Authorization}, the header credentials travel in most;
 * and the status line of the response it read ({@code responses}). java.base opens the two packages to Warden's
 * module on first use.
 */
public final class UrlConnectionHeaders {

    private static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";

    private final Instrumentation instrumentation;
    private volatile Access access;

    /** {@code setRequestProperty} writes both: {@code requests} is what is sent, {@code userHeaders} what a redirect re-sends. */
    private record Access(Class<?> connection, Field requests, Field userHeaders, Field responses, Method getKey, Method getValue, Method set) {
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
            Class<?> connection = Class.forName(CONNECTION);
            Field requests = connection.getDeclaredField("requests");
            Field field = connection.getDeclaredField("userHeaders");
            Field responses = connection.getDeclaredField("responses");
            requests.setAccessible(true);
            field.setAccessible(true);
            responses.setAccessible(true);
            Class<?> header = field.getType();
            known = new Access(connection, requests, field, responses, header.getMethod("getKey", int.class),
                    header.getMethod("getValue", int.class), header.getMethod("set", int.class, String.class, String.class));
            access = known;
        }
        return known;
    }

    /**
     * The headers as {@code name, value} pairs, in order; none for another implementation of HttpURLConnection.
     * Over HTTPS the connection is the JDK's delegate, a subclass of the plain one: its headers are kept alike.
     */
    List<String[]> read(HttpURLConnection connection) throws ReflectiveOperationException {
        List<String[]> pairs = new ArrayList<>();
        Access reflect = access();
        if (!reflect.connection.isInstance(connection)) {
            return pairs;
        }
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

    /**
     * The status code of the response the connection has read, parsed from its status line as
     * {@code getResponseCode} does, or -1 when there is none (or another implementation of HttpURLConnection).
     * Read where it is kept: {@code getResponseCode} would enter {@code getInputStream} again.
     */
    int status(HttpURLConnection connection) throws ReflectiveOperationException {
        Access reflect = access();
        if (!reflect.connection.isInstance(connection)) {
            return -1;
        }
        Object responses = reflect.responses.get(connection);
        Object line = responses == null ? null : reflect.getValue.invoke(responses, 0);
        return line instanceof String statusLine ? statusCode(statusLine) : -1;
    }

    /** The code of an HTTP/1.x status line ({@code HTTP/1.1 200 OK}), or -1. */
    static int statusCode(String statusLine) {
        if (!statusLine.startsWith("HTTP/1.")) {
            return -1;
        }
        int code = statusLine.indexOf(' ');
        if (code < 0) {
            return -1;
        }
        int phrase = statusLine.indexOf(' ', code + 1);
        try {
            return Integer.parseInt(statusLine, code + 1, phrase < 0 ? statusLine.length() : phrase, 10);
        } catch (NumberFormatException notACode) {
            return -1;
        }
    }
}
