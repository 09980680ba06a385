package dev.warden.agent.intercept;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Reads and copies the app's OkHttp objects by their public API, reflectively: Warden carries its
 * own OkHttp relocated, so it cannot compile against the app's. The accessors exist with the same
 * names in OkHttp 4 and 5 (Kotlin properties with {@code @JvmName}).
 */
final class OkHttpObjects {

    private static final ClassValue<Method[]> REQUEST_METHODS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> requestType) {
            try {
                Method newBuilder = requestType.getMethod("newBuilder");
                Class<?> builderType = newBuilder.getReturnType();
                return new Method[] {
                        requestType.getMethod("method"),
                        requestType.getMethod("url"),
                        newBuilder,
                        builderType.getMethod("header", String.class, String.class),
                        builderType.getMethod("build"),
                        requestType.getMethod("header", String.class)};
            } catch (NoSuchMethodException notOkHttp) {
                throw new IllegalStateException("not an OkHttp request: " + requestType, notOkHttp);
            }
        }
    };

    private static final ClassValue<Method> RESPONSE_CODE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> responseType) {
            try {
                return responseType.getMethod("code");
            } catch (NoSuchMethodException notOkHttp) {
                throw new IllegalStateException("not an OkHttp response: " + responseType, notOkHttp);
            }
        }
    };

    private OkHttpObjects() {
    }

    static String method(Object request) {
        return (String) invoke(REQUEST_METHODS.get(request.getClass())[0], request);
    }

    static String url(Object request) {
        return invoke(REQUEST_METHODS.get(request.getClass())[1], request).toString();
    }

    /** The request's header of that name, or null. */
    static String header(Object request, String name) {
        return (String) invoke(REQUEST_METHODS.get(request.getClass())[5], request, name);
    }

    /** A copy of the request with one header set (an earlier value replaced); the body is shared. */
    static Object withHeader(Object request, String name, String value) {
        Method[] methods = REQUEST_METHODS.get(request.getClass());
        Object builder = invoke(methods[2], request);
        invoke(methods[3], builder, name, value);
        return invoke(methods[4], builder);
    }

    static int code(Object response) {
        return (Integer) invoke(RESPONSE_CODE.get(response.getClass()), response);
    }

    private static Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (IllegalAccessException | InvocationTargetException failed) {
            throw new IllegalStateException("OkHttp " + method.getName() + " failed", failed);
        }
    }
}
