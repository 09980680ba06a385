package dev.warden.agent.intercept;

import dev.warden.agent.apply.body.HttpBodySeam;
import io.opentelemetry.api.trace.Span;
import java.net.http.HttpRequest;

/**
 * One allowed JDK HttpClient call, the handle its advice carries from enter to exit.
 *
 * @param request  the request to send in place of the app's (rewritten by the body seam), or null for the app's
 * @param exchange the body seam's participants, or null when none takes part
 */
record HttpClientCall(Span span, HttpRequest request, HttpBodySeam.Exchange exchange) {
}
