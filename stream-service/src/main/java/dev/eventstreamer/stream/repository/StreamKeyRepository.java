package dev.eventstreamer.stream.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/** The resume token keys kept in the database when none are configured. */
@ApplicationScoped
public class StreamKeyRepository {

  /** The id of the key this repository makes. */
  public static final String KEY_ID = "db1";

  private static final int SECRET_BYTES = 32;

  private final Pool pool;

  public StreamKeyRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Every stored key by id, making {@link #KEY_ID} first when there is none; replicas starting
   * together agree on one (the first insert wins, the others read it).
   */
  public Uni<Map<String, byte[]>> loadOrCreate() {
    byte[] secret = new byte[SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    return pool.preparedQuery(
            "insert into stream_key (key_id, secret) values ($1, $2) on conflict do nothing")
        .execute(Tuple.of(KEY_ID, io.vertx.core.buffer.Buffer.buffer(secret)))
        .chain(() -> pool.query("select key_id, secret from stream_key order by key_id").execute())
        .map(
            rows -> {
              Map<String, byte[]> keys = new LinkedHashMap<>();
              for (Row r : rows) {
                keys.put(r.getString(0), r.getBuffer(1).getBytes());
              }
              return keys;
            });
  }
}
