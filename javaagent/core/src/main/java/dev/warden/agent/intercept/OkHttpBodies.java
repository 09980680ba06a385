package dev.warden.agent.intercept;

import dev.warden.agent.apply.body.HttpBodySeam;
import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.body.ResponseBodyStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OkHttp's adapter to the HTTP body seam, by OkHttp's and Okio's public API, reflectively (Warden's own OkHttp is
 * relocated, so it cannot compile against the app's). The request body is written into an Okio {@code Buffer},
 * passed through the participants and replaced by a {@code RequestBody} of the returned bytes; a response body is
 * replaced by one that reads the original {@code Source} through a {@link ResponseBodyStream} (an
 * {@code okio.Source} proxy), so streamed bodies are transformed as the app reads them.
 */
final class OkHttpBodies {

    /** Okio's package, assembled at run time: relocation would rewrite the literal into Warden's own copy. */
    private static final String OKIO = String.join("", "ok", "io");
    private static final int READ_SIZE = 8192;

    private OkHttpBodies() {
    }

    /** The request to send in place of {@code request}: the same object when nothing changed. */
    static Object request(Object request, HttpBodySeam.Exchange exchange, io.opentelemetry.api.trace.Span span)
            throws Exception {
        String method = (String) call(request, "method");
        URI uri = URI.create(call(request, "url").toString());
        Object headers = call(request, "headers");
        Map<String, List<String>> headerMap = new LinkedHashMap<>();
        for (Object name : (Iterable<?>) call(headers, "names")) {
            headerMap.put((String) name, castList(call(headers, "values", name)));
        }
        Object body = call(request, "body");
        Object mediaType = body == null ? null : call(body, "contentType");
        byte[] bytes = null;
        if (body != null && exchange.needsRequestBody() && !isDuplexOrOneShot(body)) {
            ClassLoader loader = body.getClass().getClassLoader();
            Object buffer = Class.forName(OKIO + ".Buffer", true, loader).getConstructor().newInstance();
            call(body, "writeTo", buffer);
            bytes = (byte[]) call(buffer, "readByteArray");
        }
        OutgoingRequest outgoing = new OutgoingRequest(method, uri, headerMap,
                mediaType == null ? null : mediaType.toString(), bytes);
        exchange.request(outgoing);
        if (!outgoing.changed()) {
            return request;
        }
        HttpBodySeam.showSent(span, outgoing);
        Object builder = call(request, "newBuilder");
        call(builder, "url", outgoing.uri().toString());
        for (Map.Entry<String, List<String>> header : outgoing.headers().entrySet()) {
            if (!header.getValue().equals(headerMap.get(header.getKey()))) {
                call(builder, "removeHeader", header.getKey());
                for (String value : header.getValue()) {
                    call(builder, "addHeader", header.getKey(), value);
                }
            }
        }
        if (bytes != null && outgoing.body() != bytes) {
            call(builder, "method", method, newRequestBody(body.getClass(), outgoing.body(), mediaType));
        }
        return call(builder, "build");
    }

    /** Duplex and one-shot bodies cannot be written twice: collecting them would consume what OkHttp must send. */
    private static boolean isDuplexOrOneShot(Object body) throws Exception {
        return (Boolean) call(body, "isDuplex") || (Boolean) call(body, "isOneShot");
    }

    /** The response the app gets: the same object when no participant wants its body. */
    static Object response(Object response, HttpBodySeam.Exchange exchange, io.opentelemetry.api.trace.Span span)
            throws Exception {
        Object body = call(response, "body");
        if (body == null) {
            return response;
        }
        Object mediaType = call(body, "contentType");
        int status = (Integer) call(response, "code");
        ResponseBodyStream stream = exchange.response(status, mediaType == null ? null : mediaType.toString(), span);
        if (stream == null) {
            return response;
        }
        ClassLoader loader = body.getClass().getClassLoader();
        Class<?> sourceType = Class.forName(OKIO + ".Source", false, loader);
        Object original = call(body, "source");
        Object source = Proxy.newProxyInstance(sourceType.getClassLoader(), new Class<?>[] {sourceType},
                new StreamingSource(original, stream, Class.forName(OKIO + ".Buffer", true, loader)));
        Object buffered = Class.forName(OKIO + ".Okio", true, loader).getMethod("buffer", sourceType).invoke(null, source);
        Object newBody = newResponseBody(body.getClass(), buffered, mediaType);
        Object builder = call(response, "newBuilder");
        call(builder, "body", newBody);
        call(builder, "removeHeader", "Content-Length");
        return call(builder, "build");
    }

    /**
     * Reads the app's original body source a chunk at a time, passes each through the seam's stream and hands the
     * result to the reader. Never returns 0 bytes while the body lasts (some readers take 0 as the end).
     */
    private static final class StreamingSource implements InvocationHandler {
        private final Object original;
        private final ResponseBodyStream stream;
        private final Class<?> bufferType;
        private boolean finished;

        StreamingSource(Object original, ResponseBodyStream stream, Class<?> bufferType) {
            this.original = original;
            this.stream = stream;
            this.bufferType = bufferType;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "read":
                    return read(args[0]);
                case "timeout":
                    return call(original, "timeout");
                case "close":
                    stream.finish();
                    call(original, "close");
                    return null;
                case "toString":
                    return "warden(" + original + ")";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        }

        private synchronized long read(Object sink) throws Throwable {
            while (!finished) {
                Object chunk = bufferType.getConstructor().newInstance();
                long read = (Long) call(original, "read", chunk, (long) READ_SIZE);
                finished = read == -1;
                byte[] out = finished ? stream.finish() : stream.chunk((byte[]) call(chunk, "readByteArray"), 0, (int) read);
                if (out.length > 0) {
                    call(sink, "write", out);
                    return out.length;
                }
            }
            return -1;
        }

    }

    private static Object newRequestBody(Class<?> bodyType, byte[] bytes, Object mediaType) throws Exception {
        Class<?> requestBody = declaringBase(bodyType, "RequestBody");
        for (Method method : requestBody.getMethods()) {
            Class<?>[] params = method.getParameterTypes();
            if (method.getName().equals("create") && Modifier.isStatic(method.getModifiers()) && params.length == 2) {
                if (params[0] == byte[].class && !params[1].isPrimitive()) {
                    return method.invoke(null, bytes, mediaType);
                }
                if (params[1] == byte[].class && !params[0].isPrimitive()) {
                    return method.invoke(null, mediaType, bytes);
                }
            }
        }
        throw new IllegalStateException("no RequestBody.create(byte[], MediaType) in " + requestBody);
    }

    private static Object newResponseBody(Class<?> bodyType, Object source, Object mediaType) throws Exception {
        Class<?> responseBody = declaringBase(bodyType, "ResponseBody");
        for (Method method : responseBody.getMethods()) {
            Class<?>[] params = method.getParameterTypes();
            if (method.getName().equals("create") && Modifier.isStatic(method.getModifiers()) && params.length == 3
                    && params[0].getSimpleName().equals("BufferedSource") && params[2] == long.class) {
                return method.invoke(null, source, mediaType, -1L);
            }
        }
        throw new IllegalStateException("no ResponseBody.create(BufferedSource, MediaType, long) in " + responseBody);
    }

    /** The OkHttp base class ({@code RequestBody}, {@code ResponseBody}) of an app's or OkHttp's own subclass. */
    private static Class<?> declaringBase(Class<?> type, String simpleName) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getSimpleName().equals(simpleName)) {
                return c;
            }
        }
        throw new IllegalStateException(type + " is not an OkHttp " + simpleName);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object list) {
        return (List<String>) list;
    }

    /** Calls a public method by name and argument count (OkHttp's public API; its classes may be internal). */
    private static Object call(Object target, String name, Object... args) throws Exception {
        Method method = find(target.getClass(), name, args);
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw failed;
        }
    }

    private static final ClassValue<Map<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            return new java.util.concurrent.ConcurrentHashMap<>();
        }
    };

    private static Method find(Class<?> type, String name, Object[] args) {
        String key = name + '/' + args.length + (args.length > 0 && args[0] instanceof byte[] ? "b" : "");
        return METHODS.get(type).computeIfAbsent(key, k -> {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> candidate : publicTypes(c)) {
                    for (Method method : candidate.getMethods()) {
                        if (method.getName().equals(name) && method.getParameterCount() == args.length
                                && accepts(method.getParameterTypes(), args)) {
                            return method;
                        }
                    }
                }
            }
            throw new IllegalStateException("no public " + name + " with " + args.length + " arguments on " + type);
        });
    }

    /** The class itself when public, else its public interfaces: methods of non-public classes cannot be invoked. */
    private static List<Class<?>> publicTypes(Class<?> c) {
        if (Modifier.isPublic(c.getModifiers())) {
            return List.of(c);
        }
        return List.of(c.getInterfaces());
    }

    private static boolean accepts(Class<?>[] params, Object[] args) {
        for (int i = 0; i < params.length; i++) {
            Class<?> param = params[i];
            Object arg = args[i];
            if (arg == null) {
                if (param.isPrimitive()) {
                    return false;
                }
            } else if (param.isPrimitive()) {
                if (!(param == long.class && arg instanceof Long) && !(param == int.class && arg instanceof Integer)
                        && !(param == boolean.class && arg instanceof Boolean)) {
                    return false;
                }
            } else if (!param.isInstance(arg)) {
                return false;
            }
        }
        return Objects.nonNull(params);
    }
}
