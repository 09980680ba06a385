package dev.warden.it.apps;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.tool.annotation.Tool;

/**
 * A Spring AI chat client with tools, talking to a scripted OpenAI-compatible server (the test's
 * {@code ScriptedLlmServer}) that asks for tool calls. Written with no knowledge of Warden. Same
 * arguments as {@link LangChain4jToolsApp}.
 */
public final class SpringAiToolsApp {

    /** The tools, named as the LLM calls them. */
    public static final class Tools {
        @Tool(name = "fetch_url", description = "Fetches a URL")
        public String fetchUrl(String url) {
            return ToolWork.fetchUrl("fetch_url", url);
        }

        @Tool(name = "read_file", description = "Reads a file")
        public String readFile(String path) {
            return ToolWork.readFile("read_file", path);
        }

        @Tool(name = "write_file", description = "Writes a file")
        public String writeFile(String path, String text) {
            return ToolWork.writeFile("write_file", path, text);
        }

        @Tool(name = "query_db", description = "Runs a SQL query")
        public String queryDb(String sql) {
            return ToolWork.queryDb("query_db", sql);
        }

        @Tool(name = "fetch_on", description = "Fetches a URL on another thread")
        public String fetchOn(String how, String url) {
            return ToolWork.fetchOn("fetch_on", how, url);
        }
    }

    private SpringAiToolsApp() {
    }

    public static void main(String[] args) throws Exception {
        ToolWork.createDatabase();
        LangChain4jToolsApp.runOutsideSteps(args);
        OpenAiApi api = OpenAiApi.builder().baseUrl(args[0].replaceFirst("/v1$", "")).apiKey("test-key").build();
        OpenAiChatModel model = OpenAiChatModel.builder().openAiApi(api)
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").build()).build();
        ChatClient client = ChatClient.create(model);
        Report.run(new String[] {"step", "answer"},
                () -> new String[] {"text", client.prompt("do the work").tools(new Tools()).call().content()});
        LangChain4jToolsApp.runLaterSteps(args);
        System.exit(0); // the shared pool's thread is not a daemon
    }
}
