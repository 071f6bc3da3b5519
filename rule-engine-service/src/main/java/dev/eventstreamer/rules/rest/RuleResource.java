package dev.eventstreamer.rules.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.service.RuleRequests;
import dev.eventstreamer.rules.service.RuleService;
import dev.eventstreamer.rules.service.RuleStats;
import dev.eventstreamer.rules.service.RuleTester;
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
import org.jboss.resteasy.reactive.RestResponse;

/** The rule endpoints of API.md (Rules): rules as data. */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {

  private final RuleService rules;
  private final RuleTester tester;
  private final RuleStats stats;

  public RuleResource(RuleService rules, RuleTester tester, RuleStats stats) {
    this.rules = rules;
    this.tester = tester;
    this.stats = stats;
  }

  /** What the rule would do with the events given; nothing is written or sent. */
  @POST
  @Path("/{id}/test")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<ObjectNode> test(@PathParam("id") String id, JsonNode body) {
    String ruleId = id(id);
    return Uni.createFrom().deferred(() -> tester.test(ruleId, body));
  }

  @GET
  @Path("/{id}/stats")
  public Uni<ObjectNode> stats(@PathParam("id") String id) {
    String ruleId = id(id);
    // A rule that is not there has no stats, even if it had some before its delete.
    return rules.get(ruleId).chain(rule -> stats.of(ruleId));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<ObjectNode>> create(JsonNode body) {
    return Uni.createFrom()
        .deferred(() -> rules.create(body))
        .map(
            rule ->
                RestResponse.ResponseBuilder.<ObjectNode>created(
                        URI.create("/api/rules/" + rule.get("id").asText()))
                    .entity(rule)
                    .build());
  }

  @GET
  public Uni<RuleService.RuleList> list(
      @QueryParam("flavor") String flavor,
      @QueryParam("enabled") String enabled,
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize) {
    List<Violation> violations = new ArrayList<>();
    Page paging = Page.of(page, pageSize, violations);
    if (flavor != null && Flavor.of(flavor).isEmpty()) {
      violations.add(Violation.query("flavor", "must be one of " + Flavor.names()));
    }
    Boolean enabledOnly = null;
    if (enabled != null) {
      if (enabled.equals("true") || enabled.equals("false")) {
        enabledOnly = Boolean.valueOf(enabled);
      } else {
        violations.add(Violation.query("enabled", "must be true or false"));
      }
    }
    if (!violations.isEmpty()) {
      throw ProblemException.badRequest(violations);
    }
    return rules.list(flavor, enabledOnly, paging.number(), paging.size());
  }

  @GET
  @Path("/{id}")
  public Uni<ObjectNode> get(@PathParam("id") String id) {
    return rules.get(id(id));
  }

  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<ObjectNode> replace(@PathParam("id") String id, JsonNode body) {
    String ruleId = id(id);
    return Uni.createFrom().deferred(() -> rules.replace(ruleId, body));
  }

  @DELETE
  @Path("/{id}")
  public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
    return rules.delete(id(id)).map(nothing -> RestResponse.noContent());
  }

  static String id(String text) {
    if (!RuleRequests.ID.matcher(text).matches()) {
      throw ProblemException.badRequest(
          List.of(Violation.path("id", "must match " + RuleRequests.ID.pattern())));
    }
    return text;
  }
}
