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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules' store in Postgres: collected events and correlations, views, and which rule applied
 * which event. Every method runs on the client it is given, the connection of the caller's
 * transaction when the write must share its fate.
 */
@ApplicationScoped
public class StoreRepository {

  private static final String EVENT_COLUMNS =
      "pk, sk, discriminator, data, ttl, expire::text, timestamp, suffix, rule_id, event::text,"
          + " seq";
  private static final String VIEW_COLUMNS =
      "pk, sk, discriminator, data::text, timestamp, latched, deleted, ttl, updated_at";

  private final ObjectMapper json;

  public StoreRepository(ObjectMapper json) {
    this.json = json;
  }

  /** Of the events {@code eventKeys}, which rules already applied each. */
  public Uni<Map<String, Set<String>>> appliedAll(SqlClient client, List<String> eventKeys) {
    return client
        .preparedQuery("select event_id, rule_id from rule_applied where event_id = any($1)")
        .execute(Tuple.of(eventKeys.toArray(String[]::new)))
        .map(
            rows -> {
              Map<String, Set<String>> applied = new HashMap<>();
              rows.forEach(
                  r ->
                      applied
                          .computeIfAbsent(r.getString(0), k -> new HashSet<>())
                          .add(r.getString(1)));
              return applied;
            });
  }

  /**
   * Records, per event key, the (rule, outcome) pairs of a batch: {@code done}, or {@code fault}
   * while a fault of it is open.
   */
  public Uni<Void> markAppliedAll(SqlClient client, Map<String, List<String[]>> outcomes) {
    List<Tuple> batch = new ArrayList<>();
    outcomes.forEach(
        (key, pairs) -> pairs.forEach(pair -> batch.add(Tuple.of(pair[0], key, pair[1]))));
    if (batch.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return client
        .preparedQuery(
            "insert into rule_applied (rule_id, event_id, outcome) values ($1, $2, $3)"
                + " on conflict (event_id, rule_id) do update set outcome = excluded.outcome,"
                + " applied_at = now()")
        .executeBatch(batch)
        .replaceWithVoid();
  }

  /** The outcome of a rule's run on an event, and whether it was applied before. */
  public Uni<Optional<String>> outcome(SqlClient client, String eventKey, String ruleId) {
    return client
        .preparedQuery(
            "select outcome from rule_applied where event_id = $1 and rule_id = $2 for update")
        .execute(Tuple.of(eventKey, ruleId))
        .map(rows -> first(rows).map(r -> r.getString(0)));
  }

  /**
   * Stores the row unless one of its key is there; its insertion order when it was stored. Rows of
   * one correlation key are stored one transaction after the other (a transaction lock on the key),
   * so that order is also the order their transactions commit in.
   */
  public Uni<Optional<Long>> insertEvent(SqlClient client, EventRow row, String lockKey) {
    return client
        .preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
        .execute(Tuple.of(lockKey))
        .chain(() -> insert(client, row));
  }

  private Uni<Optional<Long>> insert(SqlClient client, EventRow row) {
    return client
        .preparedQuery(
            "insert into rule_event (pk, sk, discriminator, data, ttl, expire, timestamp, suffix,"
                + " rule_id, event) values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9,"
                + " $10::text::jsonb) on conflict (pk, sk) do nothing returning seq")
        .execute(
            Tuple.from(
                new Object[] {
                  row.pk(),
                  row.sk(),
                  row.discriminator(),
                  row.data(),
                  row.ttl(),
                  text(row.expire()),
                  row.timestamp(),
                  row.suffix(),
                  row.ruleId(),
                  text(row.event())
                }))
        .map(rows -> first(rows).map(r -> r.getLong(0)));
  }

  /** The events correlated under {@code pk} up to {@code seq}, oldest first. */
  public Uni<List<EventRow>> correlationsOf(SqlClient client, String pk, long seq) {
    return client
        .preparedQuery(
            "select "
                + EVENT_COLUMNS
                + " from rule_event where pk = $1 and discriminator = 'CORREL' and seq <= $2"
                + " order by timestamp, seq")
        .execute(Tuple.of(pk, seq))
        .map(this::events);
  }

  /**
   * The events collected under the correlation key {@code data} up to {@code seq}, oldest first.
   */
  public Uni<List<EventRow>> collectedUnder(SqlClient client, String data, long seq) {
    return client
        .preparedQuery(
            "select "
                + EVENT_COLUMNS
                + " from rule_event where data = $1 and sk = 'EVENT' and seq <= $2"
                + " order by timestamp, seq")
        .execute(Tuple.of(data, seq))
        .map(this::events);
  }

  /** The view item, locked for the caller's transaction. */
  public Uni<Optional<ViewRow>> viewForUpdate(SqlClient client, String pk, String sk) {
    return client
        .preparedQuery(
            "select " + VIEW_COLUMNS + " from rule_view where pk = $1 and sk = $2 for update")
        .execute(Tuple.of(pk, sk))
        .map(rows -> first(rows).map(this::view));
  }

  /** Inserts the item; false when another transaction stored one of its key first. */
  public Uni<Boolean> insertView(SqlClient client, ViewRow row) {
    return client
        .preparedQuery(
            "insert into rule_view (pk, sk, discriminator, data, timestamp, latched, deleted, ttl)"
                + " values ($1, $2, $3, $4::text::jsonb, $5, $6, $7, $8)"
                + " on conflict (pk, sk) do nothing")
        .execute(viewValues(row))
        .map(rows -> rows.rowCount() == 1);
  }

  public Uni<Void> updateView(SqlClient client, ViewRow row) {
    return client
        .preparedQuery(
            "update rule_view set discriminator = $3, data = $4::text::jsonb, timestamp = $5,"
                + " latched = $6, deleted = $7, ttl = $8, updated_at = now()"
                + " where pk = $1 and sk = $2")
        .execute(viewValues(row))
        .replaceWithVoid();
  }

  /** The items of {@code pk}, by sk, those whose sk starts with {@code skPrefix} when given. */
  public Uni<List<ViewRow>> views(SqlClient client, String pk, String skPrefix) {
    return client
        .preparedQuery(
            "select "
                + VIEW_COLUMNS
                + " from rule_view where pk = $1 and ($2::text is null or starts_with(sk, $2))"
                + " order by sk limit 1000")
        .execute(Tuple.of(pk, skPrefix))
        .map(this::views);
  }

  public Uni<Optional<ViewRow>> view(SqlClient client, String pk, String sk) {
    return client
        .preparedQuery("select " + VIEW_COLUMNS + " from rule_view where pk = $1 and sk = $2")
        .execute(Tuple.of(pk, sk))
        .map(rows -> first(rows).map(this::view));
  }

  /** Removes up to {@code limit} collected events and correlations whose ttl has passed. */
  public Uni<List<EventRow>> sweepEvents(SqlClient client, long nowSeconds, int limit) {
    return client
        .preparedQuery(
            "delete from rule_event where (pk, sk) in (select pk, sk from rule_event"
                + " where ttl <= $1 order by ttl limit $2 for update skip locked)"
                + " returning "
                + EVENT_COLUMNS)
        .execute(Tuple.of(nowSeconds, limit))
        .map(this::events);
  }

  /** Removes up to {@code limit} view items whose ttl has passed. */
  public Uni<List<ViewRow>> sweepViews(SqlClient client, long nowSeconds, int limit) {
    return client
        .preparedQuery(
            "delete from rule_view where (pk, sk) in (select pk, sk from rule_view"
                + " where ttl <= $1 order by ttl limit $2 for update skip locked)"
                + " returning "
                + VIEW_COLUMNS)
        .execute(Tuple.of(nowSeconds, limit))
        .map(this::views);
  }

  /** Forgets applied pairs older than {@code seconds}. */
  public Uni<Integer> pruneApplied(SqlClient client, long seconds) {
    return client
        .preparedQuery(
            "delete from rule_applied where ctid in (select ctid from rule_applied"
                + " where applied_at < now() - make_interval(secs => $1) and outcome = 'done'"
                + " limit 10000)")
        .execute(Tuple.of((double) seconds))
        .map(RowSet::rowCount);
  }

  /** The row as the JSON a change carries. */
  public ObjectNode json(EventRow row) {
    ObjectNode node = json.createObjectNode();
    node.put("pk", row.pk());
    node.put("sk", row.sk());
    node.put("discriminator", row.discriminator());
    node.put("data", row.data());
    putNullable(node, "ttl", row.ttl());
    node.set("expire", row.expire());
    putNullable(node, "timestamp", row.timestamp());
    node.put("suffix", row.suffix());
    node.put("rule_id", row.ruleId());
    node.set("event", row.event());
    putNullable(node, "seq", row.seq());
    return node;
  }

  /** The item as the JSON a change carries and the views API answers. */
  public ObjectNode json(ViewRow row) {
    ObjectNode node = json.createObjectNode();
    node.put("pk", row.pk());
    node.put("sk", row.sk());
    node.put("discriminator", row.discriminator());
    node.set("data", row.data());
    putNullable(node, "timestamp", row.timestamp());
    node.put("latched", row.latched());
    node.put("deleted", row.deleted());
    putNullable(node, "ttl", row.ttl());
    return node;
  }

  /** The JSON of a change back as the row it carries. */
  public EventRow eventRow(JsonNode node) {
    return new EventRow(
        node.path("pk").asText(),
        node.path("sk").asText(),
        node.path("discriminator").asText(),
        node.path("data").isNull() ? null : node.path("data").asText(null),
        node.path("ttl").isNumber() ? node.get("ttl").asLong() : null,
        node.path("expire").isMissingNode() || node.path("expire").isNull()
            ? null
            : node.get("expire"),
        node.path("timestamp").isNumber() ? node.get("timestamp").asLong() : null,
        node.path("suffix").isTextual() ? node.get("suffix").asText() : null,
        node.path("rule_id").asText(),
        node.path("event"),
        node.path("seq").isNumber() ? node.get("seq").asLong() : null);
  }

  private static void putNullable(ObjectNode node, String field, Long value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  private Tuple viewValues(ViewRow row) {
    return Tuple.from(
        new Object[] {
          row.pk(),
          row.sk(),
          row.discriminator(),
          text(row.data()),
          row.timestamp(),
          row.latched(),
          row.deleted(),
          row.ttl()
        });
  }

  private List<EventRow> events(RowSet<Row> rows) {
    List<EventRow> events = new ArrayList<>();
    for (Row r : rows) {
      events.add(
          new EventRow(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getString(3),
              r.getLong(4),
              parse(r.getString(5)),
              r.getLong(6),
              r.getString(7),
              r.getString(8),
              parse(r.getString(9)),
              r.getLong(10)));
    }
    return events;
  }

  private List<ViewRow> views(RowSet<Row> rows) {
    List<ViewRow> items = new ArrayList<>();
    rows.forEach(r -> items.add(view(r)));
    return items;
  }

  private ViewRow view(Row r) {
    return new ViewRow(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        (ObjectNode) parse(r.getString(3)),
        r.getLong(4),
        r.getBoolean(5),
        r.getBoolean(6),
        r.getLong(7),
        r.getOffsetDateTime(8).toInstant());
  }

  private JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the store holds JSON it cannot read", e);
    }
  }

  private String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.toString();
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }
}
