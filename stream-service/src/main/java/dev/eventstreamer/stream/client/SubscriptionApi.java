package dev.eventstreamer.stream.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * subscription-service's listing and one subscription as a caller's key sees it; used only through
 * {@link RegistryClient} and {@link SubscriptionAccessClient}.
 */
@RegisterRestClient(configKey = "subscription-service")
@Path("/subscriptions")
interface SubscriptionApi {

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  Uni<JsonNode> page(
      @QueryParam("page") int page,
      @QueryParam("page_size") int pageSize,
      @HeaderParam("X-API-Key") String apiKey);

  /** The subscription, when {@code apiKey} may see it (4xx otherwise). */
  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  Uni<JsonNode> one(@PathParam("id") long id, @HeaderParam("X-API-Key") String apiKey);
}
