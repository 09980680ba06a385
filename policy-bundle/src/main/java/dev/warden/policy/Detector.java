package dev.warden.policy;

import java.util.List;

/**
 * A custom data detector from the top-level {@code detectors:} map, usable in {@code protect:}.
 *
 * @param name the detector name (a key of {@code detectors:})
 * @param line the line the definition starts on
 * @param pattern a {@link java.util.regex.Pattern} regular expression for the sensitive values
 */
public record Detector(String name, int line, String pattern) {

    /** Detectors every policy may name in {@code protect:} without defining them. */
    public static final List<String> BUILT_IN = List.of("email", "phone", "payment_card", "iban", "us_ssn", "secret");
}
