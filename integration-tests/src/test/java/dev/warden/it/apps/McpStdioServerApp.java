package dev.warden.it.apps;

import dev.warden.it.harness.McpTestServer;
import java.util.concurrent.CountDownLatch;

/** The tests' MCP server over stdio, as a process an MCP client starts; runs until its client ends it. */
public final class McpStdioServerApp {
    private McpStdioServerApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        McpTestServer.stdio();
        new CountDownLatch(1).await();
    }
}
