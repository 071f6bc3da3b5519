package dev.eventstreamer.subscription.repository;

import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.subscription.ApiKeyResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** API keys, stored by the hash of the key. */
@ApplicationScoped
public class ApiKeyRepository {

  private static final String COLUMNS = "id, prefix, subscriber_id, name, created_at, revoked_at";

  private final Pool pool;

  public ApiKeyRepository(Pool pool) {
    this.pool = pool;
  }

  public Uni<ApiKeyResponse> insert(
      String hash, String prefix, String subscriberId, String name, OffsetDateTime createdAt) {
    return pool.preparedQuery(
            "insert into api_key (key_hash, prefix, subscriber_id, name, created_at)"
                + " values ($1, $2, $3, $4, $5) returning "
                + COLUMNS)
        .execute(Tuple.of(hash, prefix, subscriberId, name, createdAt))
        .map(rows -> response(rows.iterator().next()));
  }

  /** The subscriber owning the key with this hash, unless it is revoked or unknown. */
  public Uni<Optional<String>> subscriberOf(String hash) {
    return pool.preparedQuery(
            "select subscriber_id from api_key where key_hash = $1 and revoked_at is null")
        .execute(Tuple.of(hash))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(rows.iterator().next().getString(0))
                    : Optional.empty());
  }

  public Uni<List<ApiKeyResponse>> list(String subscriberId) {
    return (subscriberId == null
            ? pool.preparedQuery("select " + COLUMNS + " from api_key order by id").execute()
            : pool.preparedQuery(
                    "select " + COLUMNS + " from api_key where subscriber_id = $1 order by id")
                .execute(Tuple.of(subscriberId)))
        .map(
            rows -> {
              List<ApiKeyResponse> keys = new ArrayList<>();
              rows.forEach(row -> keys.add(response(row)));
              return keys;
            });
  }

  /** Revokes the key; empty when there is no such key. Revoking twice keeps the first time. */
  public Uni<Optional<ApiKeyResponse>> revoke(long id, OffsetDateTime at) {
    return pool.preparedQuery(
            "update api_key set revoked_at = coalesce(revoked_at, $2) where id = $1 returning "
                + COLUMNS)
        .execute(Tuple.of(id, at))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(response(rows.iterator().next()))
                    : Optional.empty());
  }

  private static ApiKeyResponse response(Row row) {
    OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
    return new ApiKeyResponse(
        row.getLong("id"),
        null,
        row.getString("prefix"),
        row.getString("subscriber_id"),
        row.getString("name"),
        Timestamps.format(row.getOffsetDateTime("created_at").toInstant()),
        revoked == null ? null : Timestamps.format(revoked.toInstant()));
  }
}
