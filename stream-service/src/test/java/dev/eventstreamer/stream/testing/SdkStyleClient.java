package dev.eventstreamer.stream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Java port of what the published client ({@code event-streamer-sdk}'s StreamingClient) does on
 * the wire: the resume token put into the query string as it is; the connection id taken from
 * {@code X-Connection-Id} only; the body read line by line, rejecting lines over 128 KiB as its
 * HTTP library does; each handled batch's id queued and acknowledged in one bulk call every {@code
 * ackInterval} (3 s), failed ids queued again; a heartbeat every {@code heartbeatInterval} (30 s);
 * "connection not found" or "404" on either stops it; on stop, the stream is closed first and the
 * last queued acks are sent after, with the old connection id.
 */
public final class SdkStyleClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_LINE = 128 * 1024;

  private final String base;
  private final long subscriptionId;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final List<String> pending = new ArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private volatile String connectionId;
  private volatile String resumeToken;
  private volatile boolean running;
  private volatile long eventsAcknowledged;
  private volatile int heartbeatsAnswered;
  private volatile boolean streamEnded;
  private InputStream body;
  private Thread reader;

  public SdkStyleClient(String base, long subscriptionId, String resumeToken) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.subscriptionId = subscriptionId;
    this.resumeToken = resumeToken;
  }

  public SdkStyleClient start(Duration ackInterval, Duration heartbeatInterval) throws Exception {
    String url = base + "/subscriptions/" + subscriptionId + "/stream";
    if (resumeToken != null) {
      url += "?resume_token=" + resumeToken; // unencoded, as the client does
    }
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Streaming failed with status " + response.statusCode());
    }
    connectionId = response.headers().firstValue("X-Connection-Id").orElse(null);
    body = response.body();
    running = true;
    reader = new Thread(this::read, "sdk-style-reader");
    reader.setDaemon(true);
    reader.start();
    long ack = ackInterval.toMillis();
    timers.scheduleWithFixedDelay(this::ackPending, ack, ack, TimeUnit.MILLISECONDS);
    long beat = heartbeatInterval.toMillis();
    timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    return this;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while (running && (line = lines.readLine()) != null) {
        if (line.length() > MAX_LINE) {
          problems.add("line over 128 KiB: " + line.length());
          return;
        }
        if (line.isBlank()) {
          continue;
        }
        JsonNode message;
        try {
          message = JSON.readTree(line);
        } catch (IOException e) {
          problems.add("unreadable line: " + e.getMessage());
          return;
        }
        String type = message.path("type").asText();
        if (type.equals("event_batch")) {
          resumeToken = message.path("resume_token").asText(null);
          message.path("events").fields().forEachRemaining(e -> e.getValue().forEach(events::add));
          synchronized (pending) {
            pending.add(message.path("batch_id").asText());
          }
        } else if (type.equals("error")) {
          problems.add(message.path("error_code").asText());
        }
      }
    } catch (IOException e) {
      if (running) {
        problems.add("CONNECTION_LOST (read): " + e);
      }
    } finally {
      streamEnded = true;
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
    try {
      HttpResponse<String> r =
          post(
              "/subscriptions/" + subscriptionId + "/stream/" + connectionId + "/ack/batch/bulk",
              JSON.createObjectNode()
                  .put("connection_id", connectionId)
                  .set("batch_ids", JSON.valueToTree(ids))
                  .toString());
      if (gone(r)) {
        problems.add("CONNECTION_LOST (bulk ack)");
        running = false;
        return;
      }
      if (r.statusCode() != 200) {
        problems.add("bulk ack answered " + r.statusCode() + ": " + r.body());
        synchronized (pending) {
          pending.addAll(ids);
        }
        return;
      }
      JsonNode answer = JSON.readTree(r.body());
      eventsAcknowledged += answer.path("total_events_acknowledged").asLong();
      List<String> failed = new ArrayList<>();
      answer.path("failed_batch_ids").forEach(f -> failed.add(f.asText()));
      synchronized (pending) {
        pending.addAll(failed);
      }
    } catch (Exception e) {
      // The client queues them again; a test must still see it.
      problems.add("bulk ack failed: " + e);
      synchronized (pending) {
        pending.addAll(ids);
      }
    }
  }

  private void heartbeat() {
    try {
      HttpResponse<String> r = sendHeartbeat();
      if (gone(r)) {
        problems.add("CONNECTION_LOST (heartbeat)");
        running = false;
      } else if (r.statusCode() == 200) {
        heartbeatsAnswered++;
      } else {
        // The client carries on; a test must still see it.
        problems.add("heartbeat answered " + r.statusCode() + ": " + r.body());
      }
    } catch (Exception e) {
      problems.add("heartbeat failed: " + e);
    }
  }

  /** One heartbeat now, outside the client's schedule; the server's answer. */
  public HttpResponse<String> sendHeartbeat() throws Exception {
    return post(
        "/stream/" + connectionId + "/heartbeat",
        "{\"timestamp\":\"2026-12-06T00:00:00Z\",\"sequence_number\":1}");
  }

  /** Whether the server ended the stream (or it failed): the client read to its end. */
  public boolean streamEnded() {
    return streamEnded;
  }

  private static boolean gone(HttpResponse<String> r) {
    String text = r.body().toLowerCase();
    return r.statusCode() >= 400 && (text.contains("connection not found") || text.contains("404"));
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Stops as the client does: the stream first, then the last queued acks, on the old id. */
  @Override
  public void close() {
    running = false;
    timers.shutdownNow();
    try {
      body.close();
    } catch (IOException e) {
      // closing anyway
    }
    ackPending();
  }

  public List<JsonNode> events() {
    return events;
  }

  public String connectionId() {
    return connectionId;
  }

  public String resumeToken() {
    return resumeToken;
  }

  public long eventsAcknowledged() {
    return eventsAcknowledged;
  }

  public int heartbeatsAnswered() {
    return heartbeatsAnswered;
  }

  public List<String> problems() {
    return problems;
  }
}
