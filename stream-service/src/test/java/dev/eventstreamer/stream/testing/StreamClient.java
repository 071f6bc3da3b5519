package dev.eventstreamer.stream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.eventstream.EventStreamDecoder;
import dev.eventstreamer.common.eventstream.Message;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw HTTP client of a stream: opens it with an {@code Accept}, reads NDJSON lines, SSE events or
 * event stream frames on a thread of its own, and hands over each message as JSON (with the SSE
 * {@code event}/{@code id} or the frame's {@code :event-type} kept beside it).
 */
public final class StreamClient implements AutoCloseable {

  /** One message as it came. */
  public record Received(JsonNode json, String frameType, String frameId, int wireLength) {
    public String type() {
      return json.path("type").asText();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile boolean closed;
  private static final Object END = new Object();

  private StreamClient(HttpResponse<InputStream> response, String accept) {
    this.response = response;
    this.reader = new Thread(() -> read(accept), "stream-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens {@code url} (the stream path with any query) asking for {@code accept} (null: none). */
  public static StreamClient open(String url, String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      HttpResponse<InputStream> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new StreamClient(response, accept);
    } catch (IOException e) {
      throw new IllegalStateException("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  public String connectionId() {
    return response.headers().firstValue("X-Connection-Id").orElse(null);
  }

  /** The next message, waiting up to {@code timeout}; null when none came or the stream ended. */
  public Received next(Duration timeout) {
    try {
      Object o = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (o == END) {
        received.add(END);
        return null;
      }
      if (o instanceof RuntimeException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      return (Received) o;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next message of {@code type} (others skipped), or fails after {@code timeout}. */
  public Received nextOf(String type, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Received r = left > 0 ? next(Duration.ofNanos(left)) : null;
      if (r == null) {
        throw new AssertionError("no " + type + " message within " + timeout);
      }
      if (r.type().equals(type)) {
        return r;
      }
    }
  }

  /** Whether the stream has ended and every message before the end was taken. */
  public boolean hasEnded() {
    return received.peek() == END;
  }

  /** Whether the server ended the stream within {@code timeout}. */
  public boolean ended(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Received r = next(Duration.ofMillis(100));
      if (r == null && received.peek() == END) {
        return true;
      }
    }
    return false;
  }

  /** The event batches until {@code events} events came, in order. */
  public List<Received> batchesUntil(int events, Duration timeout) {
    List<Received> batches = new ArrayList<>();
    int seen = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (seen < events) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("only " + seen + " of " + events + " events within " + timeout);
      }
      Received r = next(Duration.ofNanos(left));
      if (r == null) {
        throw new AssertionError("the stream ended after " + seen + " of " + events + " events");
      }
      if (r.type().equals("event_batch")) {
        batches.add(r);
        seen += r.json().path("batch_size").asInt();
      }
    }
    return batches;
  }

  private void read(String accept) {
    try (InputStream in = response.body()) {
      if (accept != null && accept.contains("eventstream")) {
        readFrames(in);
      } else if (accept != null && accept.contains("event-stream")) {
        readSse(in);
      } else {
        readLines(in);
      }
    } catch (IOException | RuntimeException e) {
      // A close by the test ends the reading; anything else (a malformed message, a reset) is a
      // failure the test must see, not a clean end.
      if (!closed) {
        received.add(new IllegalStateException("the stream failed: " + e, e));
      }
    } finally {
      received.add(END);
    }
  }

  private void readLines(InputStream in) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null) {
      if (!line.isBlank()) {
        received.add(new Received(JSON.readTree(line), null, null, line.length() + 1));
      }
    }
  }

  private void readSse(InputStream in) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String event = null;
    String id = null;
    String data = null;
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          received.add(new Received(JSON.readTree(data), event, id, data.length()));
        }
        event = null;
        id = null;
        data = null;
      } else if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("data: ")) {
        data = line.substring(6);
      }
    }
  }

  private void readFrames(InputStream in) throws IOException {
    EventStreamDecoder decoder = new EventStreamDecoder();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) > 0) {
      try {
        for (Message m : decoder.feed(chunk, 0, n)) {
          received.add(
              new Received(
                  JSON.readTree(m.payload()),
                  m.eventType().orElse(null)
                      + "|"
                      + m.messageType().orElse(null)
                      + "|"
                      + m.contentType().orElse(null),
                  null,
                  m.encodedLength()));
        }
      } catch (Exception e) {
        received.add(new IllegalStateException("bad event stream frame", e));
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      response.body().close();
    } catch (IOException e) {
      // closing anyway
    }
    reader.interrupt();
  }
}
