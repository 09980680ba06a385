package dev.warden.agent.intercept;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.apply.body.RequestRefused;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.EgressSpans;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.BodyHooks;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;

/** The body door: hands each client's body objects to its adapter to the HTTP body seam. */
public final class HttpBodyHooks implements BodyHooks {

    private final HttpLibraryCalls libraryCalls;

    public HttpBodyHooks(HttpLibraryCalls libraryCalls) {
        this.libraryCalls = libraryCalls;
    }

    @Override
    public Object httpClientResponseHandler(Object call, Object handler) {
        return JdkHttpClientBodies.responseHandler(call, handler);
    }

    @Override
    public Object okHttpRequest(Object request) throws IOException {
        LibraryCall call = libraryCalls.currentOkHttpCall();
        if (call == null || call.bodies == null) {
            return request;
        }
        try {
            Object toSend = OkHttpBodies.request(request, call.bodies);
            call.bodies.record(call.span);
            return toSend;
        } catch (RequestRefused refused) {
            call.bodies.record(call.span);
            Decision refusal = new Decision(Outcome.DENY, refused.rule() != null ? refused.rule() : call.decision.rule(),
                    refused.getMessage(), call.decision.policy());
            ConnectException denial = Denials.request(OkHttpObjects.method(request),
                    EgressSpans.urlText(URI.create(OkHttpObjects.url(request))), refusal);
            WardenLog.decision(denial.getMessage());
            if (call.markEnded()) {
                EgressSpans.endDenied(call.span, denial);
            }
            throw denial;
        } catch (IOException | RuntimeException failed) {
            throw failed;
        } catch (Exception unusable) {
            throw new IllegalStateException("OkHttp request body", unusable);
        }
    }

    @Override
    public Object okHttpResponse(Object response) {
        LibraryCall call = libraryCalls.currentOkHttpCall();
        if (call == null || call.bodies == null) {
            return response;
        }
        try {
            return OkHttpBodies.response(response, call.bodies, () -> call.bodies.record(call.span));
        } catch (RuntimeException failed) {
            throw failed;
        } catch (Exception unusable) {
            throw new IllegalStateException("OkHttp response body", unusable);
        }
    }
}
