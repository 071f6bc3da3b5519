package dev.eventstreamer.rules.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Faults: failed units of work, kept until resubmitted. */
@ApplicationScoped
public class FaultRepository {

  private static final String COLUMNS =
      "id, rule_id, event_id, error::text, uow::text, record::text, status, created_at,"
          + " resubmitted_at";
  private static final String WHERE =
      " where ($1::text is null or rule_id = $1) and ($2::text is null or status = $2)";

  private final ObjectMapper json;

  public FaultRepository(ObjectMapper json) {
    this.json = json;
  }

  public Uni<Void> insert(SqlClient client, StoredFault fault) {
    return client
        .preparedQuery(
            "insert into fault (id, rule_id, event_id, error, uow, record, status, created_at)"
                + " values ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, $6::text::jsonb, $7, $8)")
        .execute(
            Tuple.from(
                new Object[] {
                  fault.id(),
                  fault.ruleId(),
                  fault.eventKey(),
                  fault.error().toString(),
                  fault.uow().toString(),
                  fault.record().toString(),
                  fault.status(),
                  fault.createdAt()
                }))
        .replaceWithVoid();
  }

  /** The fault, locked for the caller's transaction when {@code lock}. */
  public Uni<Optional<StoredFault>> find(SqlClient client, UUID id, boolean lock) {
    return client
        .preparedQuery(
            "select " + COLUMNS + " from fault where id = $1" + (lock ? " for update" : ""))
        .execute(Tuple.of(id))
        .map(rows -> all(rows).stream().findFirst());
  }

  /** Records the outcome of a resubmission: its status, and the new error when it failed again. */
  public Uni<Void> resubmitted(SqlClient client, UUID id, String status, JsonNode error) {
    return client
        .preparedQuery(
            "update fault set status = $2, error = coalesce($3::text::jsonb, error),"
                + " resubmitted_at = now() where id = $1")
        .execute(Tuple.of(id, status, error == null ? null : error.toString()))
        .replaceWithVoid();
  }

  public Uni<List<StoredFault>> list(
      SqlClient client, String ruleId, String status, int limit, long offset) {
    return client
        .preparedQuery(
            "select "
                + COLUMNS
                + " from fault"
                + WHERE
                + " order by created_at, id limit $3 offset $4")
        .execute(Tuple.of(ruleId, status, limit, offset))
        .map(this::all);
  }

  public Uni<Long> count(SqlClient client, String ruleId, String status) {
    return client
        .preparedQuery("select count(*) from fault" + WHERE)
        .execute(Tuple.of(ruleId, status))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The open faults of a rule, oldest first. */
  public Uni<List<UUID>> openOf(SqlClient client, String ruleId) {
    return client
        .preparedQuery(
            "select id from fault where rule_id = $1 and status = 'open' order by created_at, id")
        .execute(Tuple.of(ruleId))
        .map(
            rows -> {
              List<UUID> ids = new ArrayList<>();
              rows.forEach(r -> ids.add(r.getUUID(0)));
              return ids;
            });
  }

  private List<StoredFault> all(RowSet<Row> rows) {
    List<StoredFault> faults = new ArrayList<>();
    for (Row r : rows) {
      faults.add(
          new StoredFault(
              r.getUUID(0),
              r.getString(1),
              r.getString(2),
              (ObjectNode) parse(r.getString(3)),
              parse(r.getString(4)),
              parse(r.getString(5)),
              r.getString(6),
              r.getOffsetDateTime(7),
              r.getOffsetDateTime(8)));
    }
    return faults;
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a fault holds JSON it cannot read", e);
    }
  }

  /** The fault's JSON (API.md, Fault). */
  public ObjectNode json(StoredFault fault) {
    ObjectNode node = json.createObjectNode();
    node.put("id", fault.id().toString());
    node.put("rule_id", fault.ruleId());
    node.set("error", fault.error());
    node.set("uow", fault.uow());
    node.set("record", fault.record());
    node.put("status", fault.status());
    node.put("created_at", iso(fault.createdAt()));
    if (fault.resubmittedAt() == null) {
      node.putNull("resubmitted_at");
    } else {
      node.put("resubmitted_at", iso(fault.resubmittedAt()));
    }
    return node;
  }

  private static String iso(OffsetDateTime time) {
    return dev.eventstreamer.common.time.Timestamps.format(
        time.withOffsetSameInstant(ZoneOffset.UTC).toInstant());
  }
}
