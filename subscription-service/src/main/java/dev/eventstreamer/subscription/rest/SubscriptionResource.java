package dev.eventstreamer.subscription.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.QueryIntegers;
import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.subscription.SubscriptionListResponse;
import dev.eventstreamer.subscription.SubscriptionResponse;
import dev.eventstreamer.subscription.service.SubscriptionRequests;
import dev.eventstreamer.subscription.service.SubscriptionService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;

/** The subscription endpoints of API.md. */
@Path("/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;
  // (page - 1) * page_size must stay an int offset.
  static final int MAX_PAGE = 10_000_000;

  private final SubscriptionService service;
  private final SubscriptionRequests requests;
  private final Caller caller;

  public SubscriptionResource(
      SubscriptionService service, SubscriptionRequests requests, Caller caller) {
    this.service = service;
    this.requests = requests;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<SubscriptionResponse>> create(JsonNode body) {
    return Uni.createFrom()
        .item(() -> requests.create(body))
        .invoke(draft -> caller.requireMayActFor(draft.subscriberId()))
        .chain(service::create)
        .map(
            s ->
                RestResponse.ResponseBuilder.<SubscriptionResponse>created(
                        URI.create("/subscriptions/" + s.id()))
                    .entity(s)
                    .build());
  }

  @GET
  public Uni<SubscriptionListResponse> list(
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize,
      @QueryParam("subscriber_id") String subscriberId) {
    List<Violation> violations = new ArrayList<>();
    int pageNumber = QueryIntegers.from1To("page", page, 1, MAX_PAGE, violations);
    int size =
        QueryIntegers.from1To("page_size", pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, violations);
    checkSubscriberId(subscriberId, violations);
    if (!violations.isEmpty()) {
      throw ProblemException.badRequest(violations);
    }
    Optional<String> own = caller.subscriber();
    if (own.isPresent() && subscriberId != null && !own.get().equals(subscriberId)) {
      // Another subscriber's subscriptions do not exist for this caller.
      return Uni.createFrom().item(new SubscriptionListResponse(List.of(), 0, pageNumber, size));
    }
    return service.list(own.orElse(subscriberId), pageNumber, size);
  }

  @GET
  @Path("/{id}")
  public Uni<SubscriptionResponse> get(
      @PathParam("id") String id, @QueryParam("subscriber_id") String subscriberId) {
    List<Violation> violations = new ArrayList<>();
    checkSubscriberId(subscriberId, violations);
    if (!violations.isEmpty()) {
      throw ProblemException.badRequest(violations);
    }
    long subscriptionId = id(id);
    Optional<String> own = caller.subscriber();
    if (own.isPresent() && subscriberId != null && !own.get().equals(subscriberId)) {
      return Uni.createFrom().failure(SubscriptionService.notFound(subscriptionId));
    }
    return service.get(subscriptionId, own.orElse(subscriberId));
  }

  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<SubscriptionResponse> update(@PathParam("id") String id, JsonNode body) {
    long subscriptionId = id(id);
    return Uni.createFrom()
        .item(() -> requests.update(body))
        .invoke(patch -> caller.requireMayActFor(patch.subscriberId()))
        .chain(patch -> service.update(subscriptionId, patch, caller.subscriber().orElse(null)));
  }

  @DELETE
  @Path("/{id}")
  public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
    return service
        .delete(id(id), caller.subscriber().orElse(null))
        .map(nothing -> RestResponse.noContent());
  }

  // Ids are positive; anything else names no subscription, which is what a client should read.
  private static long id(String text) {
    try {
      long id = Long.parseLong(text);
      if (id >= 1) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProblemException.badRequest(List.of(Violation.path("id", "must be a positive integer")));
  }

  private static void checkSubscriberId(String subscriberId, List<Violation> violations) {
    // No stored id is blank, overlong or holds control characters (PostgreSQL text cannot even
    // hold NUL): such a filter is a client mistake, not an empty match.
    if (subscriberId != null
        && (subscriberId.isBlank()
            || subscriberId.length() > 512
            || subscriberId.chars().anyMatch(Character::isISOControl))) {
      violations.add(
          Violation.query(
              "subscriber_id", "must be a non-empty subscriber id without control characters"));
    }
  }
}
