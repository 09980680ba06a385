package dev.warden.agent.apply.protect;

/** The checks that tell a real card number, IBAN or SSN from a run of digits that only looks like one. */
final class Checksums {

    private Checksums() {
    }

    /** The digits of {@code text}, separators dropped. */
    static String digitsOf(CharSequence text) {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /**
     * A card number: 13 to 19 digits, an issuer prefix of a card network (Visa, Mastercard, American Express,
     * Discover, JCB, Diners Club, UnionPay, Maestro), and a valid Luhn check digit. The prefix keeps out 13-digit
     * millisecond timestamps and most other ids, one in ten of which pass Luhn by chance.
     */
    static boolean paymentCard(String digits) {
        int length = digits.length();
        if (length < 13 || length > 19 || !knownIssuer(digits)) {
            return false;
        }
        return luhn(digits);
    }

    private static boolean knownIssuer(String digits) {
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        char first = digits.charAt(0);
        return first == '4'                             // Visa
                || (two >= 51 && two <= 55)             // Mastercard
                || (four >= 2221 && four <= 2720)       // Mastercard 2-series
                || two == 34 || two == 37               // American Express
                || four == 6011 || two == 65 || (four >= 6440 && four <= 6499) // Discover
                || two == 35                            // JCB
                || two == 36 || two == 38 || two == 30  // Diners Club
                || two == 62                            // UnionPay
                || two == 50 || (two >= 56 && two <= 58) || two == 67 || two == 63; // Maestro
    }

    /** An IBAN (spaces dropped, upper case): 15 to 34 characters, country letters, and the ISO 7064 mod-97 check. */
    static boolean iban(String compact) {
        int length = compact.length();
        if (length < 15 || length > 34) {
            return false;
        }
        int remainder = 0;
        for (int i = 0; i < length; i++) {
            char c = compact.charAt((i + 4) % length);
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    /**
     * A US social security number written {@code AAA-GG-SSSS}: area not 000, 666 or 900-999; group not 00; serial
     * not 0000; and not the number Woolworth printed on sample cards (078-05-1120).
     */
    static boolean usSsn(String digits) {
        if (digits.length() != 9) {
            return false;
        }
        int area = Integer.parseInt(digits.substring(0, 3));
        int group = Integer.parseInt(digits.substring(3, 5));
        int serial = Integer.parseInt(digits.substring(5));
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 && !digits.equals("078051120");
    }

    /** A phone number carries 8 to 15 digits (E.164 allows at most 15). */
    static boolean phone(String digits) {
        return digits.length() >= 8 && digits.length() <= 15;
    }
}
