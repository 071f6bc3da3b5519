package dev.eventstreamer.common.messaging;

import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The HTTP edge of correlation: every REST request gets the correlation id of its {@value #HEADER}
 * header (or a new one), current while it is served, so events it emits carry it; the response
 * echoes it.
 */
@Singleton
public final class CorrelationHttpFilter {

  /** The request and response header. */
  public static final String HEADER = "X-Correlation-Id";

  private static final String PROPERTY = CorrelationHttpFilter.class.getName();

  // Pre-matching: the id is current before anything else about the request, errors included.
  @ServerRequestFilter(preMatching = true)
  public void adopt(ContainerRequestContext request) {
    String header = request.getHeaderString(HEADER);
    String id = Correlation.isUsable(header) ? header : Correlation.newId();
    Correlation.set(id);
    request.setProperty(PROPERTY, id);
  }

  @ServerResponseFilter
  public void echo(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(PROPERTY) instanceof String id) {
      response.getHeaders().putSingle(HEADER, id);
    }
  }
}
