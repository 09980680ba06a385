package dev.warden.agent.record;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span attribute keys: the stable OpenTelemetry semantic conventions where one exists, and the
 * {@code warden.} namespace for policy decisions, which no convention covers.
 */
public final class WardenAttributes {

    public static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    public static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** GenAI semantic conventions: chat, execute_tool, invoke_agent. */
    public static final AttributeKey<String> GEN_AI_OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
    public static final AttributeKey<String> NETWORK_PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");
    public static final AttributeKey<Long> NETWORK_PEER_PORT = AttributeKey.longKey("network.peer.port");
    public static final AttributeKey<String> DNS_QUESTION_NAME = AttributeKey.stringKey("dns.question.name");
    /** The canonical path Warden decided (links, {@code .} and {@code ..} resolved). */
    public static final AttributeKey<String> FILE_PATH = AttributeKey.stringKey("file.path");
    public static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    public static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
    public static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
    public static final AttributeKey<String> DB_COLLECTION_NAME = AttributeKey.stringKey("db.collection.name");
    public static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");

    public static final AttributeKey<String> WARDEN_DECISION = AttributeKey.stringKey("warden.decision");
    public static final AttributeKey<String> WARDEN_RULE = AttributeKey.stringKey("warden.rule");
    public static final AttributeKey<String> WARDEN_REASON = AttributeKey.stringKey("warden.reason");
    public static final AttributeKey<String> WARDEN_POLICY = AttributeKey.stringKey("warden.policy");
    /** The bundle revision in force; 0 for an unsigned policy file. */
    public static final AttributeKey<Long> WARDEN_BUNDLE_REVISION = AttributeKey.longKey("warden.bundle.revision");
    public static final AttributeKey<String> WARDEN_SCOPE = AttributeKey.stringKey("warden.scope");
    public static final AttributeKey<String> WARDEN_ACTION = AttributeKey.stringKey("warden.action");
    public static final AttributeKey<String> WARDEN_TARGET = AttributeKey.stringKey("warden.target");
    /** The kind of file access decided: read, write, create, delete or list. */
    public static final AttributeKey<String> WARDEN_FILE_ACCESS = AttributeKey.stringKey("warden.file.access");

    private WardenAttributes() {
    }
}
