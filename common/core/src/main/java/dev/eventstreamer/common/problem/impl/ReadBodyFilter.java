package dev.eventstreamer.common.problem.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Gives a REST resource the chunked body {@link BodyLimit} has already read: the request has ended,
 * and Quarkus REST would otherwise read nothing from it.
 */
@Singleton
public final class ReadBodyFilter {

  @ServerRequestFilter(preMatching = true)
  public void readBody(ContainerRequestContext request, RoutingContext rc) {
    if (rc.get(BodyLimit.READ_BODY) instanceof Buffer body) {
      request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
    }
  }
}
