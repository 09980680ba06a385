package dev.warden.policy;

/**
 * The {@code limits:} of an egress rule; 0 = no limit.
 *
 * @param requestsPerMinute at most this many requests per minute
 * @param bytesOutPerMinute at most this many request bytes per minute
 */
public record Limits(long requestsPerMinute, long bytesOutPerMinute) {

    /** No {@code limits:} given. */
    public static final Limits NONE = new Limits(0, 0);
}
