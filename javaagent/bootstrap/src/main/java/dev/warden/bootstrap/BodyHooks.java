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

    /**
     * OkHttp: the request as it enters OkHttp's {@code BridgeInterceptor} (once per attempt, after
     * the app's interceptors): the same one, or a rewritten copy.
     *
     * @throws java.io.IOException the contract's denial when a participant refuses it
     */
    Object okHttpRequest(Object request) throws java.io.IOException;

    /** OkHttp: the response {@code BridgeInterceptor} returned (body decompressed): the same one, or a copy whose body passes through the seam. */
    Object okHttpResponse(Object response);

    /** HttpURLConnection: the stream {@code getOutputStream} returns to the app: its own, or a buffer of Warden's. */
    Object urlConnectionOutput(Object connection, Object stream);

    /**
     * HttpURLConnection: the response is asked for and the request is about to be written.
     *
     * @throws java.io.IOException the contract's denial when a participant refuses the body
     */
    void beforeUrlConnectionResponse(Object connection) throws java.io.IOException;

    /** HttpURLConnection: the stream {@code getInputStream} returns to the app. */
    Object urlConnectionInput(Object connection, Object stream);
}
