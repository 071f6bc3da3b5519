package dev.eventstreamer.subscription.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** chain-config-service's chain lookup; used only through {@link ChainConfigClient}. */
@RegisterRestClient(configKey = "chain-config")
@Path("/api/chains")
interface ChainConfigApi {

  @GET
  @Path("/{chain_id}")
  @Produces(MediaType.APPLICATION_JSON)
  Uni<JsonNode> chain(@PathParam("chain_id") long chainId);
}
