package dev.eventstreamer.rules.service;

import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a fault of one unit of work from a failure of the infrastructure. A refused write (bad
 * data, a broken constraint) and anything a rule's step threw is a fault: stored, and the batch
 * goes on. A lost or failing database is not: nothing is acknowledged, the event comes again, and
 * each write still happens once.
 */
public final class Failures {

  // SQLSTATE classes of a write that the data made impossible: data exception, integrity.
  private static final Set<String> REFUSED = Set.of("22", "23");

  private Failures() {}

  public static boolean isInfrastructure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UowFailure) {
        return false;
      }
      if (t instanceof PgException pg) {
        String state = pg.getSqlState();
        return state == null || state.length() < 2 || !REFUSED.contains(state.substring(0, 2));
      }
      if (t instanceof IOException
          || t instanceof TimeoutException
          || t instanceof io.vertx.core.VertxException
          || t instanceof io.vertx.core.impl.NoStackTraceThrowable
          || t.getClass().getName().startsWith("io.vertx.sqlclient")) {
        return true;
      }
    }
    return false;
  }

  /** The fault's error name. */
  public static String name(Throwable failure) {
    if (failure instanceof UowFailure uow) {
      return uow.name();
    }
    if (failure instanceof PgException) {
      return "RefusedWrite";
    }
    return failure.getClass().getSimpleName();
  }

  public static String message(Throwable failure) {
    if (failure instanceof PgException pg) {
      return pg.getErrorMessage() + (pg.getDetail() == null ? "" : " (" + pg.getDetail() + ")");
    }
    return failure.getMessage() == null ? failure.toString() : failure.getMessage();
  }
}
