package dev.eventstreamer.rules.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.rules.service.RuleDraft;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rules table: one row per rule, its definition as JSON and its version. */
@ApplicationScoped
public class RuleRepository {

  private static final String COLUMNS = "id, version, definition::text, created_at, updated_at";
  // Both times are the statement's, cut to the API's milliseconds.
  private static final String INSERT =
      "insert into rule (id, flavor, enabled, version, definition, created_at, updated_at)"
          + " values ($1, $2, $3, 1, $4::jsonb, date_trunc('milliseconds', now()),"
          + " date_trunc('milliseconds', now()))"
          + " on conflict (id) do nothing returning "
          + COLUMNS;
  private static final String UPDATE =
      "update rule set flavor = $2, enabled = $3, definition = $4::jsonb,"
          + " version = version + 1, updated_at = date_trunc('milliseconds', now())"
          + " where id = $1 returning "
          + COLUMNS;
  // A replay of the same definition (a restart, a second replica) changes nothing.
  private static final String UPDATE_IF_CHANGED =
      "update rule set flavor = $2, enabled = $3, definition = $4::jsonb,"
          + " version = version + 1, updated_at = date_trunc('milliseconds', now())"
          + " where id = $1 and definition <> $4::jsonb";
  private static final String FIND = "select " + COLUMNS + " from rule where id = $1";
  private static final String DELETE = "delete from rule where id = $1";
  // Each filter applies when given: ($n is null or column = $n).
  private static final String WHERE =
      " where ($1::text is null or flavor = $1) and ($2::boolean is null or enabled = $2)";
  private static final String LIST =
      "select " + COLUMNS + " from rule" + WHERE + " order by id limit $3 offset $4";
  private static final String COUNT = "select count(*) from rule" + WHERE;

  private final Pool pool;
  private final ObjectMapper json;

  public RuleRepository(Pool pool, ObjectMapper json) {
    this.pool = pool;
    this.json = json;
  }

  /** The rule stored at version 1; empty when its id is taken. */
  public Uni<Optional<StoredRule>> insert(RuleDraft rule) {
    return pool.preparedQuery(INSERT).execute(values(rule)).map(this::first);
  }

  /** The rule at its next version; empty when there is none of that id. */
  public Uni<Optional<StoredRule>> update(RuleDraft rule) {
    return pool.preparedQuery(UPDATE).execute(values(rule)).map(this::first);
  }

  /**
   * Saves {@code rule} as given: at version 1 when new, at the next version when it differs from
   * the stored one; true when anything changed.
   */
  public Uni<Boolean> save(RuleDraft rule) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(INSERT)
                .execute(values(rule))
                .chain(
                    inserted ->
                        inserted.rowCount() > 0
                            ? Uni.createFrom().item(true)
                            : conn.preparedQuery(UPDATE_IF_CHANGED)
                                .execute(values(rule))
                                .map(updated -> updated.rowCount() > 0)));
  }

  public Uni<Optional<StoredRule>> find(String id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(this::first);
  }

  /** Whether there was a rule of that id. */
  public Uni<Boolean> delete(String id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  /** Every rule, by id, and the generation of the rules it was read at. */
  public Uni<Generation> all() {
    return pool.withTransaction(
        conn ->
            conn.query("select generation from rule_generation")
                .execute()
                .chain(
                    gen ->
                        conn.query("select " + COLUMNS + " from rule order by id")
                            .execute()
                            .map(
                                rows ->
                                    new Generation(gen.iterator().next().getLong(0), all(rows)))));
  }

  /** The generation of the rules: it moves on with every write to them. */
  public Uni<Long> generation() {
    return pool.query("select generation from rule_generation")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The rules as they were at one generation. */
  public record Generation(long generation, List<StoredRule> rules) {}

  /** A page of the rules, by id, and how many match in all. */
  public Uni<Page> list(String flavor, Boolean enabled, int page, int pageSize) {
    Tuple filter = Tuple.of(flavor, enabled);
    return pool.preparedQuery(COUNT)
        .execute(filter)
        .map(rows -> rows.iterator().next().getLong(0))
        .chain(
            total ->
                pool.preparedQuery(LIST)
                    .execute(Tuple.of(flavor, enabled, pageSize, (long) (page - 1) * pageSize))
                    .map(rows -> new Page(all(rows), total)));
  }

  private Tuple values(RuleDraft rule) {
    return Tuple.of(
        rule.id(),
        rule.flavor().value(),
        rule.enabled(),
        // A JsonObject binds as jsonb; a String would be stored as a JSON string.
        new JsonObject(rule.definition().toString()));
  }

  private Optional<StoredRule> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(stored(it.next())) : Optional.empty();
  }

  private List<StoredRule> all(RowSet<Row> rows) {
    List<StoredRule> rules = new ArrayList<>();
    for (Row row : rows) {
      rules.add(stored(row));
    }
    return rules;
  }

  private StoredRule stored(Row row) {
    ObjectNode definition;
    try {
      definition = (ObjectNode) json.readTree(row.getString(2));
    } catch (Exception e) {
      throw new IllegalStateException("rule " + row.getString(0) + " holds no JSON object", e);
    }
    OffsetDateTime created = row.getOffsetDateTime(3);
    OffsetDateTime updated = row.getOffsetDateTime(4);
    return new StoredRule(
        row.getString(0), row.getInteger(1), definition, created.toInstant(), updated.toInstant());
  }

  /** A page of rules and the number of all that match. */
  public record Page(List<StoredRule> rules, long total) {}
}
