package dev.warden.policy.decide;

/** Which parts of a rule a decision checks. */
enum MatchLevel {
    /** URL-level clients: host, port, HTTP method and path. */
    HTTP,
    /** Sockets: host and port; HTTP constraints are not visible here. */
    SOCKET,
    /** DNS: the host alone, on any port. */
    LOOKUP
}
