package dev.eventstreamer.stream.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Leases on pieces of work: the holder renews before it runs out; a lease not renewed is free for
 * anyone. The database's clock decides, so replicas' clocks need not agree.
 */
@ApplicationScoped
public class LeaseRepository {

  private static final String ACQUIRE =
      "insert into lease (name, owner, expires_at) values ($1, $2, now() + make_interval(secs => $3))"
          + " on conflict (name) do update set owner = excluded.owner,"
          + " expires_at = excluded.expires_at"
          + " where lease.owner = excluded.owner or lease.expires_at < now()";

  private final Pool pool;
  // Who this replica is in the lease table: the JVM's pid@host, and a random part for a restart.
  private final String owner =
      ManagementFactory.getRuntimeMXBean().getName()
          + "/"
          + UUID.randomUUID().toString().substring(0, 8);

  public LeaseRepository(Pool pool) {
    this.pool = pool;
  }

  /** This replica's name as a lease holder. */
  public String owner() {
    return owner;
  }

  /** Takes or renews {@code name} for {@code owner}; false when someone else holds it. */
  public Uni<Boolean> acquire(String name, String owner, Duration period) {
    return pool.preparedQuery(ACQUIRE)
        .execute(Tuple.of(name, owner, period.toMillis() / 1000.0))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Gives {@code name} up, if {@code owner} holds it. */
  public Uni<Void> release(String name, String owner) {
    return pool.preparedQuery("delete from lease where name = $1 and owner = $2")
        .execute(Tuple.of(name, owner))
        .replaceWithVoid();
  }
}
