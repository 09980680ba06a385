package dev.warden.agent.apply.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.agent.config.DataKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {

    @TempDir
    Path tmp;

    private DataKeys keys(String name, int count) throws Exception {
        Path file = tmp.resolve(name);
        for (int i = 0; i < count; i++) {
            DataKeys.addNewKey(file);
        }
        return DataKeys.load(file.toString(), env -> null);
    }

    @Test
    void theSameValueGivesTheSameAsciiTokenAndItRestores() throws Exception {
        DataKeys keys = keys("k", 1);
        Tokenizer tokenizer = new Tokenizer(keys);

        String token = tokenizer.tokenize("jane.doe@example.com");

        assertThat(token).matches("wdn_" + keys.current().id() + "_[A-Za-z0-9_-]+")
                .isEqualTo(new Tokenizer(keys).tokenize("jane.doe@example.com"))
                .isNotEqualTo(tokenizer.tokenize("john.doe@example.com"))
                .doesNotContain("jane");
        assertThat(tokenizer.restore(token)).isEqualTo("jane.doe@example.com");
        assertThat(tokenizer.restore(tokenizer.tokenize("Zürich ✓ \"quoted\"\n"))).isEqualTo("Zürich ✓ \"quoted\"\n");
    }

    @Test
    void afterRotationOldTokensStillRestoreAndNewOnesUseTheNewKey() throws Exception {
        Path file = tmp.resolve("rotating");
        DataKeys.addNewKey(file);
        DataKeys before = DataKeys.load(file.toString(), env -> null);
        String oldToken = new Tokenizer(before).tokenize("4111111111111111");
        DataKeys.addNewKey(file);
        DataKeys after = DataKeys.load(file.toString(), env -> null);
        Tokenizer rotated = new Tokenizer(after);

        assertThat(rotated.restore(oldToken)).isEqualTo("4111111111111111");
        assertThat(rotated.tokenize("4111111111111111")).startsWith("wdn_" + after.current().id() + "_").isNotEqualTo(oldToken);
    }

    @Test
    void aTokenUnderAnUnknownKeyOrAlteredIsNotRestored() throws Exception {
        Tokenizer ours = new Tokenizer(keys("ours", 1));
        Tokenizer theirs = new Tokenizer(keys("theirs", 1));
        String token = ours.tokenize("secret value");
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String flippedMiddle = token.substring(0, 20) + (token.charAt(20) == 'x' ? 'y' : 'x') + token.substring(21);

        assertThat(theirs.restore(token)).isNull();
        assertThat(theirs.knowsKeyOf(token)).isFalse();
        assertThat(ours.restore(altered)).isNull();
        assertThat(ours.restore(flippedMiddle)).isNull();
        assertThat(ours.restore("wdn_")).isNull();
        assertThat(ours.restore(token.substring(0, token.length() - 4))).isNull();
    }

    @Test
    void tokensSplitAcrossChunksAreRestoredAndJsonEscaped() throws Exception {
        Tokenizer tokenizer = new Tokenizer(keys("k", 1));
        String token = tokenizer.tokenize("a\"b@example.com");
        String body = "{\"content\":\"hello " + token + ", bye wd\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < bytes.length; split++) {
            ProtectionCounts counts = new ProtectionCounts();
            TokenRestorer restorer = new TokenRestorer(tokenizer, true, counts);
            StringBuilder out = new StringBuilder();
            out.append(new String(restorer.chunk(bytes, 0, split), StandardCharsets.UTF_8));
            out.append(new String(restorer.chunk(bytes, split, bytes.length - split), StandardCharsets.UTF_8));
            out.append(new String(restorer.finish(), StandardCharsets.UTF_8));
            assertThat(out.toString()).as("split at %d", split).isEqualTo("{\"content\":\"hello a\\\"b@example.com, bye wd\"}");
            assertThat(counts.restoredCount()).isEqualTo(1);
        }
    }

    @Test
    void unknownTokensPassAsTheyAreAndAreCounted() throws Exception {
        Tokenizer ours = new Tokenizer(keys("ours", 1));
        String foreign = new Tokenizer(keys("theirs", 1)).tokenize("x@example.com");
        ProtectionCounts counts = new ProtectionCounts();
        TokenRestorer restorer = new TokenRestorer(ours, false, counts);
        byte[] bytes = ("see " + foreign).getBytes(StandardCharsets.US_ASCII);

        String out = new String(restorer.chunk(bytes, 0, bytes.length), StandardCharsets.US_ASCII)
                + new String(restorer.finish(), StandardCharsets.US_ASCII);

        assertThat(out).isEqualTo("see " + foreign);
        assertThat(counts.notRestoredCount()).isEqualTo(1);
        assertThat(counts.restoredCount()).isZero();
    }
}
