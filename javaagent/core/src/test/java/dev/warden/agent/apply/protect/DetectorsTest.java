package dev.warden.agent.apply.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.Detector;
import dev.warden.policy.ProtectAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DetectorsTest {

    /** The values {@code detector} finds in {@code text}, each as the scanner saw it. */
    private static List<String> found(String detector, String text) throws ValueBlocked {
        return found(detector, text, List.of());
    }

    private static List<String> found(String detector, String text, List<Detector> custom) throws ValueBlocked {
        ValueScanner scanner = ValueScanner.compile(Map.of(detector, ProtectAction.REDACT), custom);
        List<String> values = new ArrayList<>();
        scanner.apply(text, (name, action, value) -> {
            assertThat(name).isEqualTo(detector);
            values.add(value);
            return "";
        });
        return values;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "write to jane.doe@example.com today|jane.doe@example.com",
            "<a.b+tag@mail.example.co.uk>|a.b+tag@mail.example.co.uk",
            "X_Y%z@sub-domain.example.org.|X_Y%z@sub-domain.example.org"})
    void emailAddressesAreFound(String text, String expected) throws Exception {
        assertThat(found("email", text)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"user@localhost", "@mention in a chat", "a@b", "npm i @scope/pkg@1.2.3"})
    void notEmailAddresses(String text) throws Exception {
        assertThat(found("email", text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "card 4111111111111111 ok|4111111111111111",
            "card 4111 1111 1111 1111.|4111 1111 1111 1111",
            "amex 3782-822463-10005|3782-822463-10005",
            "mc 5555555555554444|5555555555554444",
            "mastercard 2223003122003222|2223003122003222"})
    void cardNumbersThatPassLuhnAreFound(String text, String expected) throws Exception {
        assertThat(found("payment_card", text)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4111111111111112",            // Luhn fails
            "ts 1732560000000 ms",         // a millisecond timestamp: no card network starts with 1
            "9111111111111111",            // no network
            "4111 1111-1111 1111",         // mixed separators
            "order 41111111111111111111"}) // 20 digits
    void notCardNumbers(String text) throws Exception {
        assertThat(found("payment_card", text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pay DE89370400440532013000 now|DE89370400440532013000",
            "GB82 WEST 1234 5698 7654 32|GB82 WEST 1234 5698 7654 32",
            "FR1420041010050500013M02606|FR1420041010050500013M02606"})
    void ibansWithAValidChecksumAreFound(String text, String expected) throws Exception {
        assertThat(found("iban", text)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"DE89370400440532013001", "SKU AB12CDEF3456GHIJ", "DE8937"})
    void notIbans(String text) throws Exception {
        assertThat(found("iban", text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"ssn 123-45-6789.|123-45-6789", "(219-09-9999)|219-09-9999"})
    void ssnsAreFound(String text, String expected) throws Exception {
        assertThat(found("us_ssn", text)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000", "078-05-1120",
            "123456789", "2024-01-15", "123-45-6789-0"})
    void notSsns(String text) throws Exception {
        assertThat(found("us_ssn", text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "call +14155552671 now|+14155552671",
            "call +44 20 7946 0958.|+44 20 7946 0958",
            "call +49-30-901820 please|+49-30-901820",
            "office (415) 555-2671|(415) 555-2671",
            "office 415.555.2671|415.555.2671"})
    void phoneNumbersAreFound(String text, String expected) throws Exception {
        assertThat(found("phone", text)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"version 1.2.3", "2024-01-15", "+1 2", "4155552671", "x 123 456 7890 y",
            "id=ab+12345678"})
    void notPhoneNumbers(String text) throws Exception {
        assertThat(found("phone", text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "key=sk-abcdefghijklmnopqrstuvwxyz012345",
            "sk-proj-Abc_def-GHIjklMNOpqrSTUvwx0123456789",
            "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123",
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"})
    void secretsAreFound(String text) throws Exception {
        assertThat(found("secret", text)).hasSize(1);
    }

    @Test
    void aPemPrivateKeyBlockIsOneSecret() throws Exception {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234\nabcd+/==\n-----END RSA PRIVATE KEY-----";
        assertThat(found("secret", "key:\n" + pem + "\nend")).containsExactly(pem);
        assertThat(found("secret", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"task-abcdefghijklmnopqrstuvwxyz", "sk-short", "AKIA123", "ghp_short",
            "eyJhbGciOiJIUzI1NiJ9 alone", "risk-assessment-for-the-quarterly-report"})
    void notSecrets(String text) throws Exception {
        assertThat(found("secret", text)).isEmpty();
    }

    @Test
    void customDetectorsAreRegularExpressions() throws Exception {
        List<Detector> custom = List.of(new Detector("employee_id", 3, "EMP-[0-9]{6}"));
        assertThat(found("employee_id", "ask EMP-004211 and EMP-12", custom)).containsExactly("EMP-004211");
    }

    @Test
    void oneScanReplacesEveryDetectorsValuesAndLeavesTheRest() throws Exception {
        ValueScanner scanner = ValueScanner.compile(Map.of("email", ProtectAction.REDACT, "payment_card",
                ProtectAction.REDACT, "phone", ProtectAction.ALLOW), List.of());

        String out = scanner.apply("mail a@example.com, card 4111111111111111, phone +14155552671",
                (detector, action, value) -> "[" + detector + "]");

        assertThat(out).isEqualTo("mail [email], card [payment_card], phone +14155552671");
    }

    @Test
    void aRuleThatOnlyAllowsScansNothing() {
        assertThat(ValueScanner.compile(Map.of("email", ProtectAction.ALLOW), List.of())).isNull();
    }
}
