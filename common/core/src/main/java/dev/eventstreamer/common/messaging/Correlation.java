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

  /** The longest correlation id adopted from outside; longer ones are replaced by a new id. */
  public static final int MAX_LENGTH = 128;

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

  /**
   * The correlation id held by a given duplicated context (an incoming message's, which may not be
   * the current one).
   */
  static Optional<String> current(Context context) {
    if (context == null || !VertxContext.isDuplicatedContext(context)) {
      return Optional.empty();
    }
    return Optional.ofNullable(context.getLocal(KEY));
  }

  /** Makes {@code id} the correlation id of the work that runs on a given duplicated context. */
  static boolean set(Context context, String id) {
    if (context == null || !VertxContext.isDuplicatedContext(context)) {
      return false;
    }
    context.putLocal(KEY, id);
    return true;
  }

  /**
   * Whether an id that came from outside (a header, a message) is safe to adopt: 1 to {@value
   * #MAX_LENGTH} printable ASCII characters, so it cannot break a header or a log line.
   */
  static boolean isUsable(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }

  /** A new correlation id, for work that starts at the edge of the suite. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }
}
