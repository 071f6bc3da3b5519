package dev.eventstreamer.common.problem.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A request that fails because the database cannot be reached (down, restarting) is a 503 with
 * Retry-After, as the failures of an unavailable service are; anything else stays a 500.
 */
class DatabaseUnreachableTest {

  @Test
  void aRefusedOrLostConnectionIsA503WithRetryAfter() {
    for (Throwable e :
        new Throwable[] {
          new CompletionException(new ConnectException("Connection refused: /127.0.0.1:5432")),
          new IllegalStateException(ClosedConnectionException.INSTANCE),
          new RuntimeException(new SQLException("the database system is shutting down", "57P01")),
          new RuntimeException(new SQLException("connection failure", "08006")),
          new RuntimeException(
              "Fail to read any response from the server, the underlying connection might get"
                  + " lost unexpectedly.")
        }) {
      Response r = ProblemMappers.unexpected(e, "POST", "/subscriptions").toResponse();
      assertEquals(503, r.getStatus(), e.toString());
      assertEquals("5", r.getHeaderString("Retry-After"), e.toString());
      @SuppressWarnings("unchecked")
      Map<String, Object> body = (Map<String, Object>) r.getEntity();
      assertEquals(5, body.get("retry_after"));
      assertTrue(body.get("detail").toString().contains("database"), body.toString());
    }
  }

  @Test
  void anyOtherFailureStaysA500() {
    Throwable e = new RuntimeException(new SQLException("syntax error", "42601"));
    assertFalse(ProblemMappers.databaseUnreachable(e));
    Response r = ProblemMappers.unexpected(e, "GET", "/x").toResponse();
    assertEquals(500, r.getStatus());
    assertEquals(null, r.getHeaderString("Retry-After"));
  }
}
