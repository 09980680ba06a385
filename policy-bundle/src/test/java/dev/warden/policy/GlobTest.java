package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GlobTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "/v1/chat/completions, /v1/chat/completions, true",
            "/v1/chat/completions, /v1/chat/completion, false",
            "/v1/chat/completions, /v1/chat/completions/, false",
            "/v1/*, /v1/models, true",
            "/v1/*, /v1/, true",
            "/v1/*, /v1, false",
            "/v1/*, /v1/models/gpt, false",
            "/v1/*/items, /v1/abc/items, true",
            "/v1/*/items, /v1/a/b/items, false",
            "/v1/m*s, /v1/models, true",
            "/v1/m*s, /v1/mode, false",
            "/v1/*.json, /v1/a.b.json, true",
            "/v1/**, /v1, true",
            "/v1/**, /v1/, true",
            "/v1/**, /v1/a/b/c, true",
            "/v1/**, /v2/a, false",
            "/v1/**, /v10, false",
            "/v1/**, /v, false",
            "/v1/**, /v1//x, true",
            "/v1/**, v1/x, false",
            "/**, /, true",
            "/**, /x/y, true",
            "/**, x, false",
            "/v*/**, /v1/x, true",
            "/v*/**, /w1/x, false",
            "/a/**/z, /a/z, true",
            "/a/**/z, /a/b/c/z, true",
            "/a/**/z, /a/b/c/y, false",
            "/a/**/b/**/c, /a/x/b/y/b/c, true",
            "/a/**/b/**/c, /a/x/c, false",
            "**, /anything/at/all, true",
            "/**/*.txt, /d/e/f.txt, true",
            "/**/*.txt, /d/e/f.txt/g, false",
            "/A, /a, false",
    })
    void matchesPaths(String pattern, String path, boolean expected) {
        assertThat(Glob.compile(pattern, '/').matches(path)).isEqualTo(expected);
    }

    @Test
    void packageGlobsUseDots() {
        Glob plugins = Glob.compile("com.acme.plugins.**", '.');

        assertThat(plugins.matches("com.acme.plugins")).isTrue();
        assertThat(plugins.matches("com.acme.plugins.web.Fetch")).isTrue();
        assertThat(plugins.matches("com.acme.pluginsx.Fetch")).isFalse();
        assertThat(Glob.compile("com.acme.*", '.').matches("com.acme.plugins.Fetch")).isFalse();
    }

    @Test
    void doubleStarMustBeAWholeSegment() {
        assertThatThrownBy(() -> Glob.compile("/a/***", '/'))
                .hasMessage("'**' must be a whole segment between '/'s, found '***'");
        assertThatThrownBy(() -> Glob.compile("", '/')).hasMessage("empty pattern");
    }

    @Test
    void equalityIsByPatternAndSeparator() {
        assertThat(Glob.compile("/a/*", '/')).isEqualTo(Glob.compile("/a/*", '/'))
                .isNotEqualTo(Glob.compile("/a/*", '.'))
                .hasToString("/a/*");
    }
}
