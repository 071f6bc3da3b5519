package dev.eventstreamer.stream.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * chain-config-service's chain listing (open to every caller; the service key goes along when one
 * is configured, as on every call to chain-config-service); used only through {@link
 * RegistryClient}.
 */
@RegisterRestClient(configKey = "chain-config")
@Path("/api/chains")
interface ChainConfigApi {

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  Uni<JsonNode> chains(
      @QueryParam("include_inactive") boolean includeInactive,
      @HeaderParam("X-API-Key") String apiKey);
}
