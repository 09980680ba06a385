package dev.warden.agent.record.genai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which HTTP calls are LLM chat calls, by the end of their path, and which provider's wire format they speak.
 * The built-in ones cover OpenAI-compatible servers ({@code /chat/completions}, also under other prefixes and on
 * other hosts), Anthropic ({@code /v1/messages}) and Ollama ({@code /api/chat}); the {@code llm-paths} setting
 * adds others.
 */
public final class ChatApi {

    /** A wire format: its provider name ({@code gen_ai.provider.name}) and the path ending that selects it. */
    public record Endpoint(String pathSuffix, String provider) {
    }

    private static final List<Endpoint> BUILT_IN = List.of(
            new Endpoint("/chat/completions", "openai"),
            new Endpoint("/v1/messages", "anthropic"),
            new Endpoint("/api/chat", "ollama"));

    private final List<Endpoint> endpoints;

    private ChatApi(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    public static ChatApi builtIn() {
        return new ChatApi(BUILT_IN);
    }

    /**
     * The built-in endpoints plus those of a setting {@code PATH=PROVIDER;PATH=PROVIDER}, where PROVIDER is the
     * wire format the endpoint speaks: openai, anthropic or ollama.
     */
    public static ChatApi withExtra(String setting) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String entry : setting.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            String provider = eq < 0 ? "" : entry.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            if (eq <= 0 || !entry.strip().startsWith("/") || BUILT_IN.stream().noneMatch(e -> e.provider().equals(provider))) {
                throw new IllegalArgumentException("'" + entry.strip() + "' is not PATH=openai|anthropic|ollama");
            }
            endpoints.add(new Endpoint(entry.substring(0, eq).strip(), provider));
        }
        endpoints.addAll(BUILT_IN);
        return new ChatApi(endpoints);
    }

    /** The endpoint a request path is a chat call to, or null: most calls are not, so this allocates nothing. */
    public Endpoint match(String path) {
        if (path == null) {
            return null;
        }
        for (Endpoint endpoint : endpoints) {
            if (path.endsWith(endpoint.pathSuffix())) {
                return endpoint;
            }
        }
        return null;
    }
}
