package dev.warden.policy;

/** A TLS protocol version a policy can set as the minimum ({@code tls_min_version}). */
public enum TlsVersion {
    TLS_1_0("1.0", "TLSv1"),
    TLS_1_1("1.1", "TLSv1.1"),
    TLS_1_2("1.2", "TLSv1.2"),
    TLS_1_3("1.3", "TLSv1.3");

    private final String number;
    private final String protocolName;

    TlsVersion(String number, String protocolName) {
        this.number = number;
        this.protocolName = protocolName;
    }

    /** As written in a policy: {@code 1.2}. */
    public String number() {
        return number;
    }

    /** The JSSE protocol name: {@code TLSv1.2}. */
    public String protocolName() {
        return protocolName;
    }

    /** The version a JSSE protocol name ({@code TLSv1.3}, {@code SSLv3}, ...) stands for, or null when it is older than TLS 1.0 or unknown. */
    public static TlsVersion ofProtocolName(String name) {
        for (TlsVersion version : values()) {
            if (version.protocolName.equals(name)) {
                return version;
            }
        }
        return null;
    }

    /** The version written in a policy, or null. */
    static TlsVersion ofNumber(String text) {
        for (TlsVersion version : values()) {
            if (version.number.equals(text)) {
                return version;
            }
        }
        return null;
    }
}
