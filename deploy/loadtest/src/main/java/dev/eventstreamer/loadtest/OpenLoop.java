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

  private static final long TICK_MILLIS = 1;
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private OpenLoop() {}

  static Histogram histogram() {
    // 1 µs to 60 s at 3 significant digits.
    return new Histogram(60_000_000L, 3);
  }

  /**
   * Sends {@code rate} POSTs of {@code body} per second to {@code port}/{@code path} for {@code
   * duration}; an answer counts as a success when its status is 200 and {@code ok} accepts its
   * body.
   */
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
    long total = Math.max(1, Math.round(rate * (duration.toNanos() / 1e9)));
    double intervalNanos = 1e9 / rate;
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Result> done = new CompletableFuture<>();
    context.runOnContext(
        start -> new Run(vertx, client, port, path, body, ok, total, intervalNanos, done).begin());
    return done.get(duration.plus(DRAIN).plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
  }

  /** One run's state; touched only on its Vert.x context. */
  private static final class Run {
    private final Vertx vertx;
    private final HttpClient client;
    private final RequestOptions options;
    private final Buffer body;
    private final Predicate<Buffer> ok;
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
        String path,
        Buffer body,
        Predicate<Buffer> ok,
        long total,
        double intervalNanos,
        CompletableFuture<Result> done) {
      this.vertx = vertx;
      this.client = client;
      this.options =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setHost("127.0.0.1")
              .setPort(port)
              .setURI(path)
              .putHeader("Content-Type", "application/json");
      this.body = body;
      this.ok = ok;
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
        issued++;
        send(scheduled);
      }
      if (issued >= total) {
        vertx.cancelTimer(timer);
        // Whatever has not answered by then is counted, not waited for forever.
        vertx.setTimer(DRAIN.toMillis(), late -> finish());
      }
    }

    private void send(long scheduled) {
      long sentAt = System.nanoTime();
      client
          .request(options)
          .compose(request -> request.send(body))
          .compose(
              response ->
                  response.body().map(answer -> response.statusCode() == 200 && ok.test(answer)))
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
