package dev.eventstreamer.subscription.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.subscription.ApiKeyListResponse;
import dev.eventstreamer.subscription.ApiKeyResponse;
import dev.eventstreamer.subscription.service.ApiKeyService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** Key management for the admin key (see {@link ApiKeyFilter}): create, list, revoke. */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

  private static final int MAX_SUBSCRIBER_ID = 128;
  private static final int MAX_NAME = 200;

  private final ApiKeyService keys;

  public ApiKeyResource(ApiKeyService keys) {
    this.keys = keys;
  }

  /** Body: {@code subscriber_id} (required), {@code name} (optional). The key is shown once. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<ApiKeyResponse>> create(JsonNode body) {
    List<Violation> violations = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw ProblemException.badRequest(List.of(Violation.body("", "a JSON object is required")));
    }
    String subscriber = text(body, "subscriber_id", true, MAX_SUBSCRIBER_ID, violations);
    String name = text(body, "name", false, MAX_NAME, violations);
    if (!violations.isEmpty()) {
      throw ProblemException.badRequest(violations);
    }
    return keys.create(subscriber, name)
        .map(key -> RestResponse.status(RestResponse.Status.CREATED, key));
  }

  @GET
  public Uni<ApiKeyListResponse> list(@QueryParam("subscriber_id") String subscriberId) {
    if (subscriberId != null
        && (subscriberId.isBlank() || subscriberId.chars().anyMatch(Character::isISOControl))) {
      throw ProblemException.badRequest(
          List.of(Violation.query("subscriber_id", "must be a non-empty subscriber id")));
    }
    return keys.list(subscriberId).map(list -> new ApiKeyListResponse(list, list.size()));
  }

  /** Revokes the key (it stays listed with its {@code revoked_at}). */
  @DELETE
  @Path("/{id}")
  public Uni<RestResponse<Void>> revoke(@PathParam("id") long id) {
    return keys.revoke(id).map(revoked -> RestResponse.noContent());
  }

  private static String text(
      JsonNode body, String field, boolean required, int max, List<Violation> violations) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        violations.add(Violation.body(field, "is required"));
      }
      return null;
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      violations.add(Violation.body(field, "must be a non-empty string"));
      return null;
    }
    String value = node.textValue();
    if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
      violations.add(
          Violation.body(field, "must be at most " + max + " characters, no control characters"));
      return null;
    }
    return value;
  }
}
