package dev.warden.bench;

/**
 * A typical chat request of about 8 KiB (OpenAI chat-completions JSON): a system prompt, a few turns of prose, and
 * a customer record with four e-mail addresses, two card numbers and one API key among it. The same text every time.
 */
final class ChatRequestBody {

    private static final String PROSE = "The customer asked about the status of their order and whether the delivery "
            + "could be moved to next week; they also wanted to know which plan fits a team of twelve people who work "
            + "across three time zones and share a single billing account. ";

    private ChatRequestBody() {
    }

    /** About {@code kib} KiB of JSON with seven sensitive values in it. */
    static String json(int kib) {
        StringBuilder content = new StringBuilder();
        content.append("Customer record: name Jane Doe, mail jane.doe@example.com, backup j.doe@mail.example.org, ")
                .append("card 4111 1111 1111 1111, second card 5555555555554444, support key sk-proj-Abc0def1GHI2jkl3MNO4pqr5STU6vwx7, ")
                .append("manager bob@example.net, billing billing@example.com. ");
        int target = kib * 1024 - 400;
        while (content.length() < target) {
            content.append(PROSE);
        }
        return "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a helpful support assistant. Answer briefly.\"},"
                + "{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    /** About {@code kib} KiB of prose with nothing to find. */
    static String prose(int kib) {
        StringBuilder text = new StringBuilder();
        while (text.length() < kib * 1024) {
            text.append(PROSE);
        }
        return text.substring(0, kib * 1024);
    }
}
