package dev.warden.agent.apply.credential;

import dev.warden.agent.apply.body.BodyExchange;
import dev.warden.agent.apply.body.BodyParticipant;
import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.body.RequestRefused;
import dev.warden.agent.apply.body.ResponseBodyStream;
import dev.warden.agent.decide.Decision;
import io.opentelemetry.api.trace.Span;
import java.net.URI;

/**
 * {@link CredentialInjection} on the HTTP body seam (JDK HttpClient, OkHttp, HttpURLConnection's body). Added last,
 * so data protection, GenAI spans and everything recorded see the placeholder, never the value; the response body
 * the app reads has a value the server echoes masked back to the placeholder.
 */
public final class CredentialParticipant implements BodyParticipant {

    private final CredentialInjection injection;

    public CredentialParticipant(CredentialInjection injection) {
        this.injection = injection;
    }

    @Override
    public BodyExchange open(String method, URI uri, Decision decision) {
        CredentialInjection.Injection opened = injection.open(method, uri, decision);
        return opened == null ? null : new BodyExchange() {
            @Override
            public boolean needsRequestBody() {
                return opened.needsRequestBody();
            }

            @Override
            public void request(OutgoingRequest request) throws RequestRefused {
                opened.request(request);
            }

            @Override
            public ResponseBodyStream response(int status, String contentType) {
                return opened.echoMasking();
            }

            @Override
            public void record(Span span) {
                opened.record(span);
            }
        };
    }
}
