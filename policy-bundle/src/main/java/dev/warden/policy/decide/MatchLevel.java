package dev.warden.policy.decide;

/** Which parts of a rule a decision checks. */
enum MatchLevel {
    /** URL-level clients: host, port, HTTP method and path. */
    HTTP,
    /** Sockets: host and port; HTTP constraints are not visible here. */
    SOCKET,
    /** Sockets that are not a mediated URL-level client's own: host and port, of rules without HTTP constraints. */
    RAW_SOCKET,
    /** DNS: the host alone, on any port. */
    LOOKUP
}
