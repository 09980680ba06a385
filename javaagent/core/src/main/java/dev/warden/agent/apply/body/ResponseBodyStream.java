package dev.warden.agent.apply.body;

/**
 * One response body on its way to the app, chunk by chunk as the client delivers it (an SSE stream too). Returned
 * bytes go to the app in place of the chunk; a participant that only observes returns the chunk it was given.
 * A participant may hold bytes back (a value split across chunks) and hand them over with a later chunk or at
 * {@link #finish()}.
 */
public interface ResponseBodyStream {

    byte[] chunk(byte[] bytes, int offset, int length);

    /** The end of the body: what is still held back. Called once, also when the body was not read to its end. */
    byte[] finish();
}
