package dev.warden.it.apps;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;

/**
 * A LangChain4j AI service with tools, talking to a scripted OpenAI-compatible server (the test's
 * {@code ScriptedLlmServer}) that asks for tool calls. Written with no knowledge of Warden.
 *
 * <p>Arguments: the LLM's base URL, then steps the app's own code runs before the conversation
 * ({@code outside:fetch_url:URL}, {@code outside:read_file:PATH}, {@code outside:query_db:SQL}) and
 * after it ({@code later:URL}: a fetch on the pool thread a tool first used).
 */
public final class LangChain4jToolsApp {

    interface Assistant {
        String chat(String message);
    }

    /** The tools, named as the LLM calls them. */
    public static final class Tools {
        @Tool(name = "fetch_url", value = "Fetches a URL")
        public String fetchUrl(@P(name = "url", value = "the url") String url) {
            return ToolWork.fetchUrl("fetch_url", url);
        }

        @Tool(name = "read_file", value = "Reads a file")
        public String readFile(@P(name = "path", value = "the path") String path) {
            return ToolWork.readFile("read_file", path);
        }

        @Tool(name = "write_file", value = "Writes a file")
        public String writeFile(@P(name = "path", value = "the path") String path, @P(name = "text", value = "the text") String text) {
            return ToolWork.writeFile("write_file", path, text);
        }

        @Tool(name = "query_db", value = "Runs a SQL query")
        public String queryDb(@P(name = "sql", value = "the sql") String sql) {
            return ToolWork.queryDb("query_db", sql);
        }

        @Tool(name = "fetch_on", value = "Fetches a URL on another thread")
        public String fetchOn(@P(name = "how", value = "the how") String how, @P(name = "url", value = "the url") String url) {
            return ToolWork.fetchOn("fetch_on", how, url);
        }
    }

    private LangChain4jToolsApp() {
    }

    public static void main(String[] args) throws Exception {
        ToolWork.createDatabase();
        runOutsideSteps(args);
        OpenAiChatModel model = OpenAiChatModel.builder()
                .baseUrl(args[0])
                .apiKey("test-key")
                .modelName("gpt-4o-mini")
                .build();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Tools()).build();
        Report.run(new String[] {"step", "answer"}, () -> new String[] {"text", assistant.chat("do the work")});
        runLaterSteps(args);
        System.exit(0); // the shared pool's thread is not a daemon
    }

    /** The {@code outside:TOOL:ARGUMENT} steps: the tools' work done by the app's own code. */
    static void runOutsideSteps(String[] args) {
        for (int i = 1; i < args.length; i++) {
            String[] step = args[i].split(":", 3);
            if (step[0].equals("outside")) {
                switch (step[1]) {
                    case "fetch_url" -> ToolWork.fetchUrl("outside:fetch_url", step[2]);
                    case "read_file" -> ToolWork.readFile("outside:read_file", step[2]);
                    case "query_db" -> ToolWork.queryDb("outside:query_db", step[2]);
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
        }
    }

    /** The {@code later:URL} steps: a fetch on the pool thread a tool first used. */
    static void runLaterSteps(String[] args) throws Exception {
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("later:")) {
                ToolWork.fetchOnSharedPoolLater("later", args[i].substring("later:".length()));
            }
        }
    }
}
