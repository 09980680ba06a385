package dev.warden.agent.intercept;

import dev.warden.agent.apply.body.HttpBodySeam;
import dev.warden.agent.apply.body.RequestRefused;
import dev.warden.agent.record.EgressSpans;
import dev.warden.bootstrap.BodyHooks;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;

/** The body door: hands each client's body objects to its adapter to the HTTP body seam. */
public final class HttpBodyHooks implements BodyHooks {

    private final HttpLibraryCalls libraryCalls;
    private final EgressHooks egress;

    public HttpBodyHooks(HttpLibraryCalls libraryCalls, EgressHooks egress) {
        this.libraryCalls = libraryCalls;
        this.egress = egress;
    }

    @Override
    public Object urlConnectionOutput(Object connection, Object stream) {
        return UrlConnectionBodies.output(egress.urlCall((java.net.HttpURLConnection) connection), stream);
    }

    @Override
    public void beforeUrlConnectionResponse(Object connection) throws IOException {
        java.net.HttpURLConnection http = (java.net.HttpURLConnection) connection;
        UrlConnectionBodies.beforeResponse(http, egress.urlCall(http));
    }

    @Override
    public Object urlConnectionInput(Object connection, Object stream) {
        java.net.HttpURLConnection http = (java.net.HttpURLConnection) connection;
        return UrlConnectionBodies.input(http, egress.urlCall(http), stream);
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
            Object toSend = OkHttpBodies.request(request, call.bodies, call.span);
            call.bodies.record(call.span);
            return toSend;
        } catch (RequestRefused refused) {
            call.bodies.record(call.span);
            ConnectException denial = HttpRequests.refusedBody(OkHttpObjects.method(request),
                    HttpBodySeam.shown(URI.create(OkHttpObjects.url(request)), call.bodies), refused, call.decision);
            if (call.markEnded()) {
                EgressSpans.endDenied(call.span, denial);
            }
            call.bodies.failed(denial);
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
            return OkHttpBodies.response(response, call.bodies, call.span);
        } catch (RuntimeException failed) {
            throw failed;
        } catch (Exception unusable) {
            throw new IllegalStateException("OkHttp response body", unusable);
        }
    }
}
