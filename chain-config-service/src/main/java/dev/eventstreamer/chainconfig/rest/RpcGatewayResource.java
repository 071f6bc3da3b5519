package dev.eventstreamer.chainconfig.rest;

import dev.eventstreamer.chainconfig.client.GatewayUnavailableException;
import dev.eventstreamer.chainconfig.config.GatewayConfig;
import dev.eventstreamer.chainconfig.service.RpcGatewayService;
import dev.eventstreamer.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code POST /rpc/{chain_id}}: the JSON-RPC gateway. Errors of the JSON-RPC request itself are
 * JSON-RPC error answers with HTTP 200; failures of the gateway (unknown chain, body too large, no
 * endpoint available) are problem bodies with 4xx/5xx.
 */
@Path("/rpc")
public class RpcGatewayResource {

  private final RpcGatewayService gateway;
  private final long maxBodySize;

  RpcGatewayResource(RpcGatewayService gateway, GatewayConfig config) {
    this.gateway = gateway;
    this.maxBodySize = config.maxBodySize().asLongValue();
  }

  @POST
  @Path("/{chain_id}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "JSON-RPC 2.0 call or batch to a chain (read methods only), with failover")
  public Uni<RestResponse<Buffer>> call(
      @RestPath("chain_id") String chainId, byte[] body, HttpServerRequest request) {
    long id = chainId(chainId);
    if (body.length > maxBodySize) {
      throw new WebApplicationException(
          problem(
              413,
              "Content Too Large",
              "The JSON-RPC request body is larger than the gateway's limit of "
                  + maxBodySize
                  + " bytes",
              request.path(),
              Map.of()));
    }
    // A typed answer: the writer for Buffer is chosen at build time, not per request.
    return gateway.handle(id, body).map(RpcGatewayResource::answer);
  }

  private static RestResponse<Buffer> answer(RpcGatewayService.RpcAnswer answer) {
    if (answer.status() == 200) {
      return RestResponse.ok(answer.body());
    }
    return RestResponse.ResponseBuilder.<Buffer>create(answer.status())
        .entity(answer.body())
        .build();
  }

  @ServerExceptionMapper
  public Response unavailable(GatewayUnavailableException e, HttpServerRequest request) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("chain_id", e.chainId());
    if (e.breakersOpen()) {
      members.put("error_code", "CIRCUIT_BREAKER_OPEN");
      members.put("retry_after", e.retryAfterSeconds());
      return withRetryAfter(
          problem(
              503,
              "Service Unavailable",
              "Every RPC endpoint of chain "
                  + e.chainId()
                  + " has an open circuit breaker; retry in "
                  + e.retryAfterSeconds()
                  + " s",
              request.path(),
              members),
          e.retryAfterSeconds());
    }
    members.put("reasons", e.reasons());
    if (e.rateLimited()) {
      members.put("error_code", "RATE_LIMITED");
      members.put("retry_after", e.retryAfterSeconds());
      return withRetryAfter(
          problem(
              429,
              "Too Many Requests",
              "Every RPC endpoint of chain " + e.chainId() + " is rate limiting the gateway",
              request.path(),
              members),
          e.retryAfterSeconds());
    }
    members.put("error_code", "UPSTREAM_UNAVAILABLE");
    return problem(
        502,
        "Bad Gateway",
        "No RPC endpoint of chain " + e.chainId() + " answered: " + e.getMessage(),
        request.path(),
        members);
  }

  private static long chainId(String text) {
    try {
      long id = Long.parseLong(text);
      if (id >= 1) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    Log.debugf("Invalid chain id in a gateway call");
    throw ProblemException.badRequest("chain_id must be a positive integer");
  }

  private static Response withRetryAfter(Response response, long seconds) {
    response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    return response;
  }

  // ProblemException has no 413 and no headers; the body follows the same RFC 9457 shape.
  private static Response problem(
      int status, String title, String detail, String instance, Map<String, Object> members) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", instance);
    body.putAll(members);
    return Response.status(status).type(ProblemException.MEDIA_TYPE).entity(body).build();
  }
}
