package dev.warden.bootstrap;

/**
 * What the agent does with HTTP bodies (the body seam: data protection, GenAI spans). Types of
 * {@code java.net.http} are passed as Object: the boot loader cannot see them.
 */
public interface BodyHooks {

    /**
     * The JDK HttpClient's response body handler for one call: the app's own, or one that passes
     * the body through the seam's participants on its way to the app's.
     *
     * @param call the call handle {@link WardenBridge#beforeHttpClientSend} returned
     */
    Object httpClientResponseHandler(Object call, Object handler);
}
