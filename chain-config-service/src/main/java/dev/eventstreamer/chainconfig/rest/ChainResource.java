package dev.eventstreamer.chainconfig.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.chainconfig.service.ChainChanges;
import dev.eventstreamer.chainconfig.service.ChainService;
import dev.eventstreamer.chainconfig.service.ChainStats;
import dev.eventstreamer.chainconfig.service.ChainStatsService;
import dev.eventstreamer.chainconfig.service.ChainView;
import dev.eventstreamer.chainconfig.service.ChainWrite;
import dev.eventstreamer.chainconfig.service.RpcHealth;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.common.time.Timestamps;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestResponse;

/** The chain registry's API (API.md, Chains). */
@Path("/api/chains")
@Produces(MediaType.APPLICATION_JSON)
public class ChainResource {

  private final ChainService service;
  private final ChainStatsService stats;

  public ChainResource(ChainService service, ChainStatsService stats) {
    this.service = service;
    this.stats = stats;
  }

  @GET
  @Operation(summary = "Active chains keyed by chain id; deactivated ones with include_inactive")
  public Uni<ChainListResponse> list(
      @QueryParam("include_inactive") @DefaultValue("false") boolean includeInactive) {
    return service
        .list(includeInactive)
        .map(
            chains -> {
              Map<String, ChainView> byId = new LinkedHashMap<>();
              chains.forEach(chain -> byId.put(Long.toString(chain.chainId()), chain));
              return new ChainListResponse(byId, byId.size(), Timestamps.now());
            });
  }

  @GET
  @Path("/stats")
  @Operation(summary = "Registry counts and the gateway's endpoint health")
  public Uni<ChainStatsResponse> stats() {
    return stats.stats().map(ChainResource::statsResponse);
  }

  @GET
  @Path("/{chain_id}")
  @Operation(summary = "One chain, active or deactivated (status tells)")
  public Uni<ChainAnswer> get(
      @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @PathParam("chain_id")
          String chainId) {
    return service
        .get(requirePathId(chainId))
        .map(
            chain ->
                new ChainAnswer(chain, "Chain " + chain.chainId() + " found", Timestamps.now()));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @SecurityRequirement(name = "bearer")
  @SecurityRequirement(name = "apiKey")
  @Operation(summary = "Register a chain, or bring a deactivated one back with new settings")
  public Uni<RestResponse<ChainConfigResponse>> create(
      @RequestBody(content = @Content(schema = @Schema(implementation = ChainChanges.class)))
          JsonNode body) {
    return service
        .create(ChainRequestReader.read(body))
        .map(write -> RestResponse.status(RestResponse.Status.CREATED, answer(write)));
  }

  @PUT
  @Path("/{chain_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @SecurityRequirement(name = "bearer")
  @SecurityRequirement(name = "apiKey")
  @Operation(summary = "Change a chain: fields sent replace, fields left out are kept")
  public Uni<ChainConfigResponse> update(
      @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @PathParam("chain_id")
          String chainId,
      @RequestBody(content = @Content(schema = @Schema(implementation = ChainChanges.class)))
          JsonNode body) {
    return service
        .update(requirePathId(chainId), ChainRequestReader.read(body))
        .map(ChainResource::answer);
  }

  @DELETE
  @Path("/{chain_id}")
  @SecurityRequirement(name = "bearer")
  @SecurityRequirement(name = "apiKey")
  @Operation(summary = "Deactivate a chain; it is kept and a POST brings it back")
  public Uni<ChainConfigResponse> deactivate(
      @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @PathParam("chain_id")
          String chainId) {
    return service.deactivate(requirePathId(chainId)).map(ChainResource::answer);
  }

  @POST
  @Path("/refresh")
  @SecurityRequirement(name = "bearer")
  @SecurityRequirement(name = "apiKey")
  @Operation(summary = "Make the gateway reload every chain's endpoints; answers once it has")
  public Uni<ChainConfigResponse> refresh() {
    return stats
        .refresh()
        .map(done -> new ChainConfigResponse("Chain registry refreshed", 0, Timestamps.now()));
  }

  private static ChainConfigResponse answer(ChainWrite write) {
    return new ChainConfigResponse(write.message(), write.chain().chainId(), Timestamps.now());
  }

  // Parsed here rather than by JAX-RS so that a bad id gets a problem naming chain_id.
  private static long requirePathId(String chainId) {
    long id;
    try {
      id = Long.parseLong(chainId);
    } catch (NumberFormatException e) {
      id = 0;
    }
    if (id < 1) {
      throw ProblemException.badRequest(
          List.of(Violation.path("chain_id", "must be an integer from 1 to " + Long.MAX_VALUE)));
    }
    return id;
  }

  private static ChainStatsResponse statsResponse(ChainStats stats) {
    int active = stats.activeChainIds().size();
    return new ChainStatsResponse(
        true,
        active,
        active,
        stats.inactiveChains(),
        stats.activeChainIds(),
        stats.rpcHealth().map(RpcHealth.Summary::healthyRpcs).orElse(null),
        stats.rpcHealth().map(RpcHealth.Summary::totalRpcs).orElse(null),
        stats.rpcHealth().map(RpcHealth.Summary::unhealthyChains).orElse(null),
        Timestamps.format(stats.lastRefresh()),
        Timestamps.now());
  }
}
