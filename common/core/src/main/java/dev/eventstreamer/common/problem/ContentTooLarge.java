package dev.eventstreamer.common.problem;

import dev.eventstreamer.common.problem.impl.ProblemBody;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Answers a request whose body is over its limit with 413 problem+json, then reads and drops the
 * rest of the body before it closes the connection. Most clients (Python's urllib and aiohttp among
 * them) send no {@code Expect: 100-continue} and write the whole body before they read: a
 * connection closed while they write fails their write (broken pipe, or a reset that also destroys
 * the answer waiting in their receive buffer), and they never see the 413. What is dropped is
 * bounded by {@link RefusedBodyConfig}; past that the connection is closed at once.
 */
@Singleton
public final class ContentTooLarge {

  private final long discardLimit;
  private final long discardTimeoutMillis;

  ContentTooLarge(RefusedBodyConfig config) {
    this.discardLimit = config.discardLimit().asLongValue();
    this.discardTimeoutMillis = Math.max(1, config.discardTimeout().toMillis());
  }

  /**
   * Answers {@code rc} 413 with {@code detail}; the connection closes once the rest of the body has
   * been read (or the bounds were reached). Call it on the request's event loop, before anything
   * else has read the body or answered.
   */
  public void refuse(RoutingContext rc, String detail) {
    HttpServerRequest request = rc.request();
    HttpServerResponse response = rc.response();
    HttpConnection connection = request.connection();
    if (response.headWritten()) {
      // Too late for an answer: nothing the client could read is left to protect.
      connection.close();
      return;
    }
    Log.debugf("%s %s answered 413: %s", request.method(), request.path(), detail);
    // The client must not send another request on this connection: its reading stops here.
    response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    Future<Void> written =
        ProblemBody.of(
                ProblemException.of(ProblemException.Kind.CONTENT_TOO_LARGE, detail),
                request.path())
            .send(response);
    if (request.isEnded()) {
      written.onComplete(done -> connection.close());
      return;
    }
    new Discard(rc, connection, written).start();
  }

  /** Reads and drops the rest of one refused body, then closes its connection. */
  private final class Discard {

    private final RoutingContext rc;
    private final HttpConnection connection;
    private final Future<Void> written;
    private long dropped;
    private long timer;
    private boolean closed;

    Discard(RoutingContext rc, HttpConnection connection, Future<Void> written) {
      this.rc = rc;
      this.connection = connection;
      this.written = written;
    }

    void start() {
      HttpServerRequest request = rc.request();
      timer =
          rc.vertx()
              .setTimer(
                  discardTimeoutMillis,
                  id -> cutOff("the body did not end within " + discardTimeoutMillis + " ms"));
      request.exceptionHandler(failure -> close());
      request.endHandler(
          end -> {
            rc.vertx().cancelTimer(timer);
            // Everything the client sent was read: closing now sends no reset.
            written.onComplete(done -> close());
          });
      request.handler(
          chunk -> {
            dropped += chunk.length();
            if (dropped > discardLimit) {
              cutOff("more than " + discardLimit + " bytes followed");
            }
          });
      request.resume();
    }

    private void cutOff(String why) {
      if (!closed) {
        Log.debugf(
            "%s %s: closed the connection of a refused body: %s",
            rc.request().method(), rc.request().path(), why);
      }
      close();
    }

    private void close() {
      if (closed) {
        return;
      }
      closed = true;
      rc.vertx().cancelTimer(timer);
      connection.close();
    }
  }
}
