package dev.warden.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeysTest {

    @TempDir
    Path tmp;

    @Test
    void aNewKeyFileIsOwnerOnlyAndEachAddedKeyBecomesCurrentWhileOldOnesStillDecrypt() throws Exception {
        Path file = tmp.resolve("data.keys");
        String first = DataKeys.addNewKey(file);
        String second = DataKeys.addNewKey(file);

        DataKeys keys = DataKeys.load(file.toString(), name -> null);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first).matches("[0-9a-f]{12}").isNotEqualTo(second);
        assertThat(keys.current().id()).isEqualTo(second);
        assertThat(keys.byId(first)).isPresent();
        assertThat(keys.byId("000000000000")).isEmpty();
    }

    @Test
    void derivedKeysDifferPerPurposeAndAreStableForOneKey() throws Exception {
        Path file = tmp.resolve("data.keys");
        DataKeys.addNewKey(file);
        DataKeys.DataKey key = DataKeys.load(file.toString(), name -> null).current();

        assertThat(key.derive("tokens")).hasSize(32).isEqualTo(key.derive("tokens")).isNotEqualTo(key.derive("files"));
        assertThat(key.toString()).doesNotContain(Files.readAllLines(file).get(1).split(" ")[2]);
    }

    @Test
    void theEnvironmentFormTakesSemicolonSeparatedLines() throws Exception {
        Path file = tmp.resolve("data.keys");
        DataKeys.addNewKey(file);
        DataKeys.addNewKey(file);
        String oneLine = String.join(";", Files.readAllLines(file).subList(1, 3));

        DataKeys keys = DataKeys.load("env:APP_KEYS", Map.of("APP_KEYS", oneLine)::get);

        assertThat(keys.all()).hasSize(2);
        assertThat(keys.origin()).isEqualTo("environment variable APP_KEYS");
    }

    @Test
    void aDamagedKeyFileIsAClearErrorNamingTheLine() throws Exception {
        Path file = tmp.resolve("data.keys");
        DataKeys.addNewKey(file);
        String line = Files.readAllLines(file).get(1);
        String[] fields = line.split(" ");
        // a typo in the middle: the last character before '=' also carries padding bits a decoder ignores
        char middle = fields[2].charAt(10);
        String typo = fields[0] + " " + fields[1] + " " + fields[2].substring(0, 10) + (middle == 'A' ? 'B' : 'A')
                + fields[2].substring(11);

        assertThatThrownBy(() -> DataKeys.parse(typo, "keys.txt"))
                .hasMessageStartingWith("keys.txt, line 1: key " + fields[1] + " does not match its material");
        assertThatThrownBy(() -> DataKeys.parse("key abc c2hvcnQ=", "keys.txt"))
                .hasMessage("keys.txt, line 1: a data key has 32 bytes, this one 5");
        assertThatThrownBy(() -> DataKeys.parse("secret", "keys.txt"))
                .hasMessage("keys.txt, line 1: expected 'key ID BASE64'");
        assertThatThrownBy(() -> DataKeys.parse("# only a comment\n", "keys.txt"))
                .hasMessage("keys.txt: holds no data key");
    }
}
