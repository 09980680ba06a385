package dev.warden.agent.intercept;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Reads Reactor Netty's redirect signal reflectively (its class is package-private): the client
 * ends an attempt that got a redirect to follow with a {@code RedirectClientException} carrying the
 * response status, instead of a response.
 */
final class ReactorNettyObjects {

    static final String REDIRECT_SIGNAL = "reactor.netty.http.client.RedirectClientException";

    private static final ClassValue<Field> STATUS = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> signalType) {
            try {
                Field status = signalType.getDeclaredField("status");
                status.setAccessible(true);
                return status;
            } catch (NoSuchFieldException notThere) {
                throw new IllegalStateException("no status in " + signalType, notThere);
            }
        }
    };

    private ReactorNettyObjects() {
    }

    /** The status of the response that asked for a redirect, or 0 when {@code thrown} is not one. */
    static int redirectStatus(Throwable thrown) {
        if (thrown == null || !thrown.getClass().getName().equals(REDIRECT_SIGNAL)) {
            return 0;
        }
        try {
            Object status = STATUS.get(thrown.getClass()).get(thrown);
            Method code = status.getClass().getMethod("code");
            return (Integer) code.invoke(status);
        } catch (ReflectiveOperationException unreadable) {
            throw new IllegalStateException("cannot read the redirect status", unreadable);
        }
    }
}
