package dev.eventstreamer.launcher;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;

/**
 * A client's request body as the gateway forwards it. When nothing reads it any more before its end
 * (the service answered and closed its connection, or the gateway answered itself), the rest is
 * read and dropped, so a client that writes its whole body before it reads (no {@code Expect:
 * 100-continue}, as Python's urllib) still gets the answer instead of a broken pipe. Past {@link
 * #DROP_LIMIT} bytes or {@link #DROP_TIMEOUT_MILLIS} the client's connection is closed, as the
 * services do with a body they refused.
 */
final class ClientBody implements ReadStream<Buffer> {

  /** Bytes dropped at most once nothing reads the body; the services' default, with room. */
  static final long DROP_LIMIT = 256L * 1024 * 1024;

  /** How long the rest of a body may take once nothing reads it. */
  static final long DROP_TIMEOUT_MILLIS = 60_000;

  private final Vertx vertx;
  private final HttpServerRequest request;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private boolean ended;
  private boolean dropping;
  private long dropped;
  private long timer = -1;

  /** Takes {@code request}'s body over; the request stays paused until a reader resumes it. */
  ClientBody(Vertx vertx, HttpServerRequest request) {
    this.vertx = vertx;
    this.request = request;
    request.handler(this::chunk);
    request.endHandler(this::end);
    request.exceptionHandler(this::failed);
  }

  /** Drops the whole body of a request the gateway answers itself. */
  static void drop(Vertx vertx, HttpServerRequest request) {
    if (!request.isEnded()) {
      new ClientBody(vertx, request).resume();
    }
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    if (handler == null && !ended) {
      // The reader gave up before the end (a pipe whose write to the service failed).
      startDropping();
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    if (!dropping) {
      request.pause();
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    if (handler == null && !ended) {
      startDropping();
    }
    request.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    request.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  private void chunk(Buffer chunk) {
    if (handler != null) {
      handler.handle(chunk);
      return;
    }
    dropped += chunk.length();
    if (dropped > DROP_LIMIT) {
      close();
    }
  }

  private void end(Void v) {
    ended = true;
    cancelTimer();
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  private void failed(Throwable failure) {
    cancelTimer();
    if (exceptionHandler != null) {
      exceptionHandler.handle(failure);
    }
  }

  private void startDropping() {
    if (dropping) {
      return;
    }
    dropping = true;
    timer = vertx.setTimer(DROP_TIMEOUT_MILLIS, id -> close());
    request.resume();
  }

  private void close() {
    cancelTimer();
    request.connection().close();
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
