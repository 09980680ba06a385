package dev.warden.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void nestsAndSeparatesValues() {
        String json = new JsonWriter().beginObject().name("a").value(1).name("b").beginArray().value("x").value(true)
                .beginObject().endObject().endArray().name("c").value((String) null).endObject().toString();

        assertThat(json).isEqualTo("{\"a\":1,\"b\":[\"x\",true,{}],\"c\":null}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String json = new JsonWriter().value("q\"b\\n\nt\tc\u0001é\u2028").toString();

        assertThat(json).isEqualTo("\"q\\\"b\\\\n\\nt\\tc\\u0001é\\u2028\"");
    }
}
