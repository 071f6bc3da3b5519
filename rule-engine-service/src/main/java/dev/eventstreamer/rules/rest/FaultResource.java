package dev.eventstreamer.rules.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.rules.service.FaultService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Faults and their resubmission (API.md, Rules). */
@Path("/api/faults")
@Produces(MediaType.APPLICATION_JSON)
public class FaultResource {

  private static final Set<String> STATUSES = Set.of("open", "resubmitted", "succeeded");

  private final FaultService faults;

  public FaultResource(FaultService faults) {
    this.faults = faults;
  }

  @GET
  public Uni<ObjectNode> list(
      @QueryParam("rule_id") String ruleId,
      @QueryParam("status") String status,
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize) {
    List<Violation> violations = new ArrayList<>();
    Page paging = Page.of(page, pageSize, violations);
    if (status != null && !STATUSES.contains(status)) {
      violations.add(Violation.query("status", "must be one of open, resubmitted, succeeded"));
    }
    if (!violations.isEmpty()) {
      throw ProblemException.badRequest(violations);
    }
    return faults.list(ruleId, status, paging.number(), paging.size());
  }

  @GET
  @Path("/{id}")
  public Uni<ObjectNode> get(@PathParam("id") String id) {
    return faults.get(id(id));
  }

  @POST
  @Path("/{id}/resubmit")
  public Uni<ObjectNode> resubmit(@PathParam("id") String id) {
    return faults.resubmit(id(id));
  }

  @POST
  @Path("/resubmit")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<ObjectNode> resubmitAll(JsonNode body) {
    JsonNode ruleId = body == null ? null : body.get("rule_id");
    if (ruleId == null || !ruleId.isTextual()) {
      throw ProblemException.badRequest(
          List.of(
              Violation.body("rule_id", "is required: the rule whose open faults to resubmit")));
    }
    return faults.resubmitAll(RuleResource.id(ruleId.asText()));
  }

  private static UUID id(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(
          List.of(Violation.path("id", "must be a fault id (a UUID)")));
    }
  }
}
