package dev.eventstreamer.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One streaming connection as the published client ({@code event-streamer-sdk}'s StreamingClient)
 * makes it on the wire: the resume token put into the query string as it is; the connection id
 * taken from {@code X-Connection-Id}; the body read line by line, lines over 128 KiB rejected; each
 * handled batch's id queued and acknowledged in one bulk call every 3 s, failed ids queued again; a
 * heartbeat every 30 s; "connection not found" or "404" on either ends it; on close, the stream is
 * closed first and the last queued acks are sent after, with the old connection id. The harness's
 * own copy of stream-service's test client, with what the campaigns record added.
 */
final class SdkClient {

  /** What the connection reports as it goes. */
  interface Listener {
    /** A batch was read and handled; {@code nanos} when its line was read. */
    void onBatch(int connection, String batchId, List<JsonNode> events, long nanos);

    /** The server confirmed these batches acknowledged (its answer arrived at {@code nanos}). */
    void onAcknowledged(List<String> batchIds, long events, long nanos);

    /** Something the published client would report (an error line, a failed call). */
    void onProblem(String problem);
  }

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration ACK_INTERVAL = Duration.ofSeconds(3);
  static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
  // The server sends a heartbeat every 15 s; a stream silent for this long is a dead connection
  // the user would notice and reopen.
  private static final Duration SILENCE = Duration.ofSeconds(60);
  private static final int MAX_LINE = 128 * 1024;

  /** Run once, on the next bulk ack any client sends, right after the ack left: "mid-ack". */
  static final AtomicReference<Runnable> ACK_TRAP = new AtomicReference<>();

  private final ApiLog api;
  private final ScheduledExecutorService timers;
  private final String base;
  private final long subscriptionId;
  private final int connection;
  private final Listener listener;
  private final List<String> pending = new ArrayList<>();
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private final CompletableFuture<String> ended = new CompletableFuture<>();
  private volatile String connectionId;
  private volatile String resumeToken;
  private volatile boolean running;
  private volatile long lastLineNanos;
  private volatile InputStream body;
  private int heartbeatSequence;

  SdkClient(
      ApiLog api,
      ScheduledExecutorService timers,
      String base,
      long subscriptionId,
      String resumeToken,
      int connection,
      Listener listener) {
    this.api = api;
    this.timers = timers;
    this.base = base;
    this.subscriptionId = subscriptionId;
    this.resumeToken = resumeToken;
    this.connection = connection;
    this.listener = listener;
  }

  /** Opens the stream; throws when it does not answer 200. */
  void open() throws IOException, InterruptedException {
    String url = base + "/subscriptions/" + subscriptionId + "/stream";
    if (resumeToken != null) {
      url += "?resume_token=" + resumeToken; // unencoded, as the client does
    }
    long start = System.nanoTime();
    HttpResponse<InputStream> response;
    try {
      response =
          api.http()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
                  HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      api.record(new ApiLog.Call("GET stream", start, System.nanoTime(), 0, e.toString()));
      throw e;
    }
    int status = response.statusCode();
    if (status != 200) {
      String text;
      try (InputStream in = response.body()) {
        text = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
      }
      api.record(new ApiLog.Call("GET stream", start, System.nanoTime(), status, text));
      throw new IOException("Streaming failed with status " + status + ": " + text);
    }
    api.record(new ApiLog.Call("GET stream", start, System.nanoTime(), status, null));
    connectionId = response.headers().firstValue("X-Connection-Id").orElse(null);
    body = response.body();
    running = true;
    lastLineNanos = System.nanoTime();
    Thread reader = new Thread(this::read, "sdk-reader-" + subscriptionId);
    reader.setDaemon(true);
    reader.start();
    long ack = ACK_INTERVAL.toMillis();
    long beat = HEARTBEAT_INTERVAL.toMillis();
    synchronized (scheduled) {
      scheduled.add(
          timers.scheduleWithFixedDelay(this::ackPending, ack, ack, TimeUnit.MILLISECONDS));
      scheduled.add(
          timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS));
      scheduled.add(timers.scheduleWithFixedDelay(this::watchSilence, 5, 5, TimeUnit.SECONDS));
    }
  }

  /** Completes with the reason when the connection ends (read error, end of body, gone). */
  CompletableFuture<String> ended() {
    return ended;
  }

  String resumeToken() {
    return resumeToken;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while (running && (line = lines.readLine()) != null) {
        lastLineNanos = System.nanoTime();
        if (line.length() > MAX_LINE) {
          end("line over 128 KiB: " + line.length());
          return;
        }
        if (line.isBlank()) {
          continue;
        }
        JsonNode message;
        try {
          message = JSON.readTree(line);
        } catch (IOException e) {
          end("unreadable line: " + e.getMessage());
          return;
        }
        String type = message.path("type").asText();
        if (type.equals("event_batch")) {
          List<JsonNode> events = new ArrayList<>();
          message.path("events").fields().forEachRemaining(e -> e.getValue().forEach(events::add));
          String batchId = message.path("batch_id").asText();
          listener.onBatch(connection, batchId, events, lastLineNanos);
          // Handled, then its token is the place to resume from, as the client keeps it.
          resumeToken = message.path("resume_token").asText(null);
          synchronized (pending) {
            pending.add(batchId);
          }
        } else if (type.equals("error")) {
          listener.onProblem(
              "error line "
                  + message.path("error_code").asText()
                  + ": "
                  + message.path("error_message").asText());
        }
      }
      end("the stream ended");
    } catch (IOException e) {
      end("CONNECTION_LOST (read): " + e);
    }
  }

  private void end(String reason) {
    if (running) {
      running = false;
      ended.complete(reason);
    } else {
      ended.complete("closed");
    }
  }

  private void watchSilence() {
    if (running && System.nanoTime() - lastLineNanos > SILENCE.toNanos()) {
      end("silent for " + SILENCE.toSeconds() + " s");
      closeBody();
    }
  }

  private void ackPending() {
    List<String> ids;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return;
      }
      ids = new ArrayList<>(pending);
      pending.clear();
    }
    ObjectNode request = JSON.createObjectNode().put("connection_id", connectionId);
    request.set("batch_ids", JSON.valueToTree(ids));
    String path =
        "/subscriptions/" + subscriptionId + "/stream/" + connectionId + "/ack/batch/bulk";
    try {
      Runnable trap = ACK_TRAP.getAndSet(null);
      HttpResponse<String> r;
      if (trap == null) {
        r = api.send("POST", base + path, request.toString(), Duration.ofSeconds(10));
      } else {
        CompletableFuture<HttpResponse<String>> answer =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return api.send(
                        "POST", base + path, request.toString(), Duration.ofSeconds(10));
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                  }
                });
        trap.run();
        try {
          r = answer.join();
        } catch (java.util.concurrent.CompletionException e) {
          throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
      }
      if (gone(r)) {
        listener.onProblem("CONNECTION_LOST (bulk ack): " + r.statusCode());
        end("connection not found on ack");
        closeBody();
        return;
      }
      if (r.statusCode() != 200) {
        listener.onProblem("bulk ack answered " + r.statusCode() + ": " + ApiLog.oneLine(r.body()));
        synchronized (pending) {
          pending.addAll(ids);
        }
        return;
      }
      JsonNode answer = JSON.readTree(r.body());
      List<String> failed = new ArrayList<>();
      answer.path("failed_batch_ids").forEach(f -> failed.add(f.asText()));
      List<String> acknowledged = new ArrayList<>(ids);
      acknowledged.removeAll(failed);
      listener.onAcknowledged(
          acknowledged, answer.path("total_events_acknowledged").asLong(), System.nanoTime());
      if (!failed.isEmpty()) {
        listener.onProblem("bulk ack failed ids: " + failed.size());
        synchronized (pending) {
          pending.addAll(failed);
        }
      }
    } catch (IOException e) {
      // The client queues them again.
      listener.onProblem("bulk ack failed: " + e);
      synchronized (pending) {
        pending.addAll(ids);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void heartbeat() {
    String json =
        JSON.createObjectNode()
            .put("timestamp", Instant.now().toString())
            .put("sequence_number", ++heartbeatSequence)
            .toString();
    try {
      HttpResponse<String> r =
          api.send(
              "POST",
              base + "/stream/" + connectionId + "/heartbeat",
              json,
              Duration.ofSeconds(10));
      if (gone(r)) {
        listener.onProblem("CONNECTION_LOST (heartbeat): " + r.statusCode());
        end("connection not found on heartbeat");
        closeBody();
      } else if (r.statusCode() != 200) {
        listener.onProblem(
            "heartbeat answered " + r.statusCode() + ": " + ApiLog.oneLine(r.body()));
      }
    } catch (IOException e) {
      listener.onProblem("heartbeat failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean gone(HttpResponse<String> r) {
    String text = r.body().toLowerCase();
    return r.statusCode() >= 400 && (text.contains("connection not found") || text.contains("404"));
  }

  private void closeBody() {
    InputStream in = body;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** Stops as the client does: the stream first, then the last queued acks, on the old id. */
  void close() {
    running = false;
    synchronized (scheduled) {
      scheduled.forEach(f -> f.cancel(false));
    }
    closeBody();
    ended.complete("closed");
    if (connectionId != null) {
      ackPending();
    }
  }
}
