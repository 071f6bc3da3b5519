package dev.eventstreamer.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every API call the chaos and soak scenarios make (creates, acks, heartbeats, probes), with when
 * it started and ended and how it was answered, so a 5xx can be placed against the faults.
 */
final class ApiLog {

  /**
   * One call: nanoTime at send and at answer; status 0 when no HTTP answer came; {@code detail} is
   * the failure, or a 5xx's body.
   */
  record Call(String what, long startNanos, long endNanos, int status, String detail) {

    boolean serverError() {
      return status >= 500;
    }

    /** Whether it was on its way when {@code nanos} happened. */
    boolean inFlightAt(long nanos) {
      return startNanos <= nanos && endNanos >= nanos;
    }
  }

  private final HttpClient http;
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

  ApiLog(HttpClient http) {
    this.http = http;
  }

  HttpClient http() {
    return http;
  }

  /** Sends a JSON body (null for none) and records the call; an I/O failure is thrown on. */
  HttpResponse<String> send(String method, String url, String json, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    String what = method + " " + URI.create(url).getPath();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      calls.add(
          new Call(
              what,
              start,
              System.nanoTime(),
              status,
              status >= 500 ? oneLine(response.body()) : null));
      return response;
    } catch (IOException e) {
      calls.add(new Call(what, start, System.nanoTime(), 0, e.toString()));
      throw e;
    }
  }

  /** Records a call made elsewhere (a stream's GET). */
  void record(Call call) {
    calls.add(call);
  }

  /** The calls so far. */
  List<Call> calls() {
    return new ArrayList<>(calls);
  }

  /** Forgets the calls so far (between campaigns). */
  void clear() {
    calls.clear();
  }

  static String oneLine(String s) {
    String line = s == null ? "" : s.replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
