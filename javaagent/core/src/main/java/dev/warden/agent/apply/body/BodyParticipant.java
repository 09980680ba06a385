package dev.warden.agent.apply.body;

import dev.warden.agent.decide.Decision;
import java.net.URI;

/** A feature that works on HTTP bodies (data protection; GenAI spans next): decides per exchange whether it takes part. */
public interface BodyParticipant {

    /**
     * The participant's view of one allowed exchange, or null when it has nothing to do with it.
     *
     * @param decision the egress decision that allowed the request (its rule and policy)
     */
    BodyExchange open(String method, URI uri, Decision decision);
}
