package dev.eventstreamer.common.problem;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Endpoints of the problem tests, shaped like the services' (snake_case records, validation). */
@Path("/problem-test")
@Produces(MediaType.APPLICATION_JSON)
public class ProblemTestResource {

  public enum Flavor {
    @JsonProperty("task")
    TASK,
    @JsonProperty("collect")
    COLLECT
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Input(@NotBlank String name, @NotBlank String internalType, boolean indexed) {}

  public record EventSignature(@NotBlank String name, @NotEmpty @Valid List<Input> inputs) {}

  public record SubscriptionCreate(
      @JsonProperty("chain_id") @NotNull @Positive Long chainId,
      @JsonProperty("event_signature") @NotNull @Valid EventSignature eventSignature,
      @JsonProperty(value = "subscriber_id", required = true) String subscriberId,
      Flavor flavor) {}

  private final Pool pool;
  private final Validator validator;

  public ProblemTestResource(Pool pool, Validator validator) {
    this.pool = pool;
    this.validator = validator;
  }

  @POST
  @Path("/subscriptions")
  @Consumes(MediaType.APPLICATION_JSON)
  public SubscriptionCreate create(@NotNull @Valid SubscriptionCreate body) {
    return body;
  }

  @GET
  @Path("/subscriptions")
  public Map<String, Integer> list(
      @QueryParam("page_size") @DefaultValue("20") @Min(1) @Max(100) int pageSize,
      @HeaderParam("X-Subscriber") @Pattern(regexp = "[a-z]*") String subscriber) {
    return Map.of("page_size", pageSize);
  }

  @GET
  @Path("/subscriptions/{id}")
  public Map<String, Long> get(@PathParam("id") @Positive long id) {
    throw ProblemException.notFound("Subscription " + id + " not found");
  }

  @POST
  @Path("/subscriptions/{id}/activate")
  public Map<String, Long> activate(@PathParam("id") long id) {
    throw ProblemException.conflict("Subscription " + id + " is already active")
        .withErrorCode("ALREADY_ACTIVE");
  }

  @GET
  @Path("/header-number")
  public Map<String, Integer> headerNumber(@HeaderParam("X-Limit") int limit) {
    return Map.of("limit", limit);
  }

  @GET
  @Path("/breaker")
  public String breaker() {
    throw ProblemException.serviceUnavailable("RPC endpoints of chain 1 are failing")
        .withErrorCode("CIRCUIT_BREAKER_OPEN")
        .with("retry_after", 30);
  }

  @GET
  @Path("/rejected")
  public String rejected() {
    throw ProblemException.badRequest(
        List.of(Violation.query("from_block", "must not be after to_block")));
  }

  @GET
  @Path("/rate-limited")
  public String rateLimited() {
    throw new WebApplicationException("Slow down: 10 requests a second at most", 429);
  }

  @GET
  @Path("/invalid-state")
  public String invalidState() {
    // Validation of the service's own data, not of the request: a bug of the server.
    throw new ConstraintViolationException(validator.validate(new Input("", "uint256", false)));
  }

  @GET
  @Path("/boom")
  public String boom() {
    throw new IllegalStateException("connection to jdbc:postgresql://db/secret refused");
  }

  @POST
  @Path("/names/{name}")
  public Uni<Map<String, String>> addName(@PathParam("name") String name) {
    return pool.query("CREATE TABLE IF NOT EXISTS problem_test_names (name text PRIMARY KEY)")
        .execute()
        .chain(
            () ->
                pool.preparedQuery("INSERT INTO problem_test_names (name) VALUES ($1)")
                    .execute(Tuple.of(name)))
        .map(rows -> Map.of("name", name));
  }

  /**
   * The same insert failing the way Hibernate (Reactive or ORM) reports it: a JDBC-style
   * SQLException with the SQLSTATE inside a persistence exception, no PgException in the chain.
   */
  @POST
  @Path("/names-through-orm/{name}")
  public Uni<Map<String, String>> addNameThroughOrm(@PathParam("name") String name) {
    return addName(name)
        .onFailure(PgException.class)
        .transform(
            pg ->
                new IllegalStateException(
                    "could not execute statement",
                    new SQLException(
                        "duplicate key value violates unique constraint",
                        ((PgException) pg).getSqlState())));
  }
}
