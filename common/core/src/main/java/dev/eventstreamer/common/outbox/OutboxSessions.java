package dev.eventstreamer.common.outbox;

import io.smallrye.mutiny.Uni;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Appends to the outbox through a Hibernate Reactive session, as part of its transaction: for
 * services doing CRUD with Panache.
 *
 * <p>Hibernate Reactive does not expose the connection behind a session, so the row goes in as a
 * native statement of the session itself. In a {@code @WithTransaction} method:
 *
 * <pre>{@code
 * return order.persist()
 *     .chain(() -> Panache.getSession())
 *     .chain(session -> OutboxSessions.append(session, event));
 * }</pre>
 */
public final class OutboxSessions {

  // Hibernate's ordinal parameters; the reactive PostgreSQL dialect turns them into $n.
  private static final String INSERT =
      "insert into outbox (event_id, channel, key, type, source, subject, data, correlation_id,"
          + " event_time) values (?1, ?2, ?3, ?4, ?5, cast(?6 as text),"
          + " cast(cast(?7 as text) as jsonb), cast(?8 as text), cast(cast(?9 as text) as timestamptz))";

  private OutboxSessions() {}

  /**
   * Appends {@code event} in {@code session}'s transaction; correlation as {@link Outbox#append}.
   */
  public static Uni<Void> append(Mutiny.Session session, OutboxEvent event) {
    Mutiny.Query<Object> insert = session.createNativeQuery(INSERT);
    List<Object> values = Outbox.values(event);
    for (int i = 0; i < values.size(); i++) {
      insert.setParameter(i + 1, values.get(i));
    }
    return insert.executeUpdate().replaceWithVoid();
  }
}
