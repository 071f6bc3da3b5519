package dev.eventstreamer.common.messaging;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.UUID;

/**
 * The correlation id of the unit of work in progress, carried across hops as the CloudEvent
 * extension {@value #EXTENSION}.
 *
 * <p>It lives in the Vert.x duplicated context that Quarkus gives each request and each incoming
 * message, so it follows the work across asynchronous steps without thread locals.
 */
public final class Correlation {

  /** CloudEvent extension attribute name (lower-case alphanumerics only, as the spec requires). */
  public static final String EXTENSION = "correlationid";

  private static final String KEY = Correlation.class.getName();

  private Correlation() {}

  /** The correlation id of the current unit of work, if one is known. */
  public static Optional<String> current() {
    Context context = Vertx.currentContext();
    if (context == null || !VertxContext.isDuplicatedContext(context)) {
      return Optional.empty();
    }
    return ContextLocals.get(KEY);
  }

  /**
   * Makes {@code id} the correlation id of the current unit of work.
   *
   * @return false when there is no duplicated context to hold it (then the id cannot follow the
   *     work and the caller must pass it explicitly)
   */
  public static boolean set(String id) {
    Context context = Vertx.currentContext();
    if (context == null || !VertxContext.isDuplicatedContext(context)) {
      return false;
    }
    ContextLocals.put(KEY, id);
    return true;
  }

  /** A new correlation id, for work that starts at the edge of the suite. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }
}
