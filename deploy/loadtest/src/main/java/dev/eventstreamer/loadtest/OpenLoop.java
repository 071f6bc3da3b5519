package dev.eventstreamer.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * An open-loop generator: requests leave on a fixed schedule whatever the answers do, so a slow
 * server cannot slow the load down and hide its own latency (coordinated omission). Latency is
 * recorded twice: from the scheduled start (what a client at this rate sees) and from the actual
 * send (service time). Everything runs on one Vert.x context, so the histograms need no locks.
 */
final class OpenLoop {

  /** What one run measured; times in microseconds. */
  record Result(
      Histogram fromSchedule,
      Histogram fromSend,
      long sent,
      long succeeded,
      long failed,
      long unanswered,
      Duration elapsed) {

    double achievedRate() {
      return succeeded / (elapsed.toNanos() / 1e9);
    }

    static Result empty() {
      return new Result(histogram(), histogram(), 0, 0, 0, 0, Duration.ZERO);
    }

    Result plus(Result other) {
      Histogram schedule = fromSchedule.copy();
      schedule.add(other.fromSchedule);
      Histogram send = fromSend.copy();
      send.add(other.fromSend);
      return new Result(
          schedule,
          send,
          sent + other.sent,
          succeeded + other.succeeded,
          failed + other.failed,
          unanswered + other.unanswered,
          elapsed.plus(other.elapsed));
    }
  }

  /** One request: method, URI and body ({@code null} for none). */
  record Request(HttpMethod method, String uri, Buffer body) {
    static Request post(String uri, Buffer body) {
      return new Request(HttpMethod.POST, uri, body);
    }

    static Request get(String uri) {
      return new Request(HttpMethod.GET, uri, null);
    }
  }

  /** The {@code index}-th request of a run (0-based); called on the run's Vert.x context. */
  @FunctionalInterface
  interface Requests {
    Request next(long index);
  }

  /** An answer counts as a success when it has the expected status and the body passes. */
  record Expect(int status, Predicate<Buffer> body) {
    static Expect ok(Predicate<Buffer> body) {
      return new Expect(200, body);
    }
  }

  private static final long TICK_MILLIS = 1;
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private OpenLoop() {}

  static Histogram histogram() {
    // 1 µs to 60 s at 3 significant digits, growing past that: an overloaded service answers
    // minutes late, and those answers must count, not throw.
    Histogram h = new Histogram(60_000_000L, 3);
    h.setAutoResize(true);
    return h;
  }

  /** Sends {@code rate} POSTs of {@code body} per second to {@code port}/{@code path}. */
  static Result run(
      Vertx vertx,
      HttpClient client,
      int port,
      String path,
      Buffer body,
      Predicate<Buffer> ok,
      int rate,
      Duration duration)
      throws Exception {
    Request request = Request.post(path, body);
    return run(vertx, client, port, index -> request, Expect.ok(ok), rate, duration);
  }

  /**
   * Sends {@code rate} requests per second to {@code port} for {@code duration}; an answer counts
   * as a success when {@code expect} accepts its status and body.
   */
  static Result run(
      Vertx vertx,
      HttpClient client,
      int port,
      Requests requests,
      Expect expect,
      int rate,
      Duration duration)
      throws Exception {
    long total = Math.max(1, Math.round(rate * (duration.toNanos() / 1e9)));
    double intervalNanos = 1e9 / rate;
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Result> done = new CompletableFuture<>();
    context.runOnContext(
        start ->
            new Run(vertx, client, port, requests, expect, total, intervalNanos, done).begin());
    return done.get(duration.plus(DRAIN).plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
  }

  /** One run's state; touched only on its Vert.x context. */
  private static final class Run {
    private final Vertx vertx;
    private final HttpClient client;
    private final int port;
    private final Requests requests;
    private final Expect expect;
    private final long total;
    private final double intervalNanos;
    private final CompletableFuture<Result> done;
    private final Histogram fromSchedule = histogram();
    private final Histogram fromSend = histogram();
    private long startNanos;
    private long issued;
    private long succeeded;
    private long failed;
    private long timer;
    private long lastAnswerNanos;

    Run(
        Vertx vertx,
        HttpClient client,
        int port,
        Requests requests,
        Expect expect,
        long total,
        double intervalNanos,
        CompletableFuture<Result> done) {
      this.vertx = vertx;
      this.client = client;
      this.port = port;
      this.requests = requests;
      this.expect = expect;
      this.total = total;
      this.intervalNanos = intervalNanos;
      this.done = done;
    }

    void begin() {
      startNanos = System.nanoTime();
      timer = vertx.setPeriodic(TICK_MILLIS, tick -> issueDue());
      issueDue();
    }

    private void issueDue() {
      long now = System.nanoTime();
      long due = Math.min(total, (long) ((now - startNanos) / intervalNanos) + 1);
      while (issued < due) {
        long scheduled = startNanos + (long) (issued * intervalNanos);
        Request request = requests.next(issued);
        issued++;
        send(request, scheduled);
      }
      if (issued >= total) {
        vertx.cancelTimer(timer);
        // Whatever has not answered by then is counted, not waited for forever.
        vertx.setTimer(DRAIN.toMillis(), late -> finish());
      }
    }

    private void send(Request request, long scheduled) {
      RequestOptions options =
          new RequestOptions()
              .setMethod(request.method())
              .setHost("127.0.0.1")
              .setPort(port)
              .setURI(request.uri());
      if (request.body() != null) {
        options.putHeader("Content-Type", "application/json");
      }
      long sentAt = System.nanoTime();
      client
          .request(options)
          .compose(
              outgoing -> request.body() == null ? outgoing.send() : outgoing.send(request.body()))
          .compose(
              response ->
                  response
                      .body()
                      .map(
                          answer ->
                              response.statusCode() == expect.status()
                                  && expect.body().test(answer)))
          .onComplete(
              outcome -> {
                long now = System.nanoTime();
                if (outcome.succeeded() && outcome.result()) {
                  succeeded++;
                  fromSchedule.recordValue(Math.max(1, (now - scheduled) / 1000));
                  fromSend.recordValue(Math.max(1, (now - sentAt) / 1000));
                } else {
                  failed++;
                }
                lastAnswerNanos = now;
                if (succeeded + failed == total) {
                  finish();
                }
              });
    }

    private void finish() {
      if (done.isDone()) {
        return;
      }
      long end = lastAnswerNanos == 0 ? System.nanoTime() : lastAnswerNanos;
      done.complete(
          new Result(
              fromSchedule,
              fromSend,
              issued,
              succeeded,
              failed,
              issued - succeeded - failed,
              Duration.ofNanos(end - startNanos)));
    }
  }
}
