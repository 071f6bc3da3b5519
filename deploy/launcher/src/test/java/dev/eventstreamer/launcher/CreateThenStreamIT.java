package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's first program against {@code ./suite up --demo}, through port 8000: it creates a
 * subscription of the demo token and streams it the moment the create returns, 200 times; every
 * stream's first batch arrives (never SUBSCRIPTION_NOT_FOUND), and a deleted subscription's stream
 * ends.
 */
class CreateThenStreamIT {

  static final int ROUNDS = 200;
  static final String GATEWAY = "http://localhost:8000";
  static final Duration FIRST_BATCH = Duration.ofSeconds(10);
  static final Pattern TOKEN = Pattern.compile("the token (0x[0-9a-fA-F]{40})");

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void portsAreFree() {
    Assumptions.assumeTrue(Files.isExecutable(PackagedSuite.SETSID), "needs setsid (util-linux)");
    PackagedSuite.requirePortsFree();
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES) // the packaged suite starts, then 200 rounds
  void everyStreamOpenedTheMomentItsCreateReturnsGetsItsFirstBatch(@TempDir Path runDir)
      throws Exception {
    Process launcher = PackagedSuite.up(runDir, "--demo");
    try {
      Matcher token = TOKEN.matcher(Files.readString(PackagedSuite.terminal(runDir)));
      assertTrue(token.find(), "the demo names its token");
      List<String> failures = new ArrayList<>();
      long[] toFirstBatch = new long[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        long id = create(token.group(1));
        long created = System.nanoTime();
        try (Lines stream = Lines.open(http, GATEWAY + "/subscriptions/" + id + "/stream")) {
          JsonObject first = stream.nextOf(FIRST_BATCH, "event_batch", "error");
          toFirstBatch[round] = System.nanoTime() - created;
          if (first == null || !first.getString("type").equals("event_batch")) {
            failures.add(
                "round "
                    + round
                    + ", subscription "
                    + id
                    + ": "
                    + (first != null
                        ? first.encode()
                        : (stream.ended() ? "the stream ended" : "nothing")
                            + " after "
                            + (System.nanoTime() - created) / 1_000_000
                            + " ms")
                    + "; "
                    + whatTheSuiteSays(runDir, id));
            send("DELETE", "/subscriptions/" + id, null);
            continue;
          }
          assertEquals(id, first.getLong("subscription_id"), first.encode());
          assertEquals(
              token.group(1).toLowerCase(),
              first
                  .getJsonObject("events")
                  .getJsonArray("Transfer")
                  .getJsonObject(0)
                  .getString("address")
                  .toLowerCase(),
              first.encode());
          assertEquals(204, send("DELETE", "/subscriptions/" + id, null).statusCode());
          JsonObject last = stream.nextOf(Duration.ofSeconds(10), "error");
          assertNotNull(last, "subscription " + id + ": the stream says why it ends");
          assertEquals("PROCESSING_STOPPED", last.getString("error_code"), last.encode());
        }
      }
      long[] sorted = toFirstBatch.clone();
      Arrays.sort(sorted);
      System.out.printf(
          "through port 8000, %d creates each streamed at once: first batch p50 %d ms, max %d ms%n",
          ROUNDS, sorted[ROUNDS / 2] / 1_000_000, sorted[ROUNDS - 1] / 1_000_000);
      assertEquals(
          List.of(),
          failures.subList(0, Math.min(5, failures.size())),
          failures.size() + " of " + ROUNDS + " streams failed; the first five");
    } finally {
      launcher.destroy(); // SIGTERM, as Ctrl-C
      assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher stops");
    }
  }

  /** The subscription's status and what stream-service logged of it, for a failure's message. */
  private String whatTheSuiteSays(Path runDir, long id) throws IOException {
    HttpResponse<String> status = send("GET", "/subscriptions/" + id + "/processing-status", null);
    Pattern mentions = Pattern.compile("[Ss]ubscription " + id + "\\b");
    List<String> logged;
    try (var lines = Files.lines(runDir.resolve("stream-service.log"))) {
      logged = lines.filter(l -> mentions.matcher(l).find()).toList();
    }
    return "processing-status " + status.statusCode() + " " + status.body() + "; logged " + logged;
  }

  private long create(String token) {
    JsonObject body = TransferSubscription.request(token, 31337, 0, "create-then-stream");
    HttpResponse<String> created = send("POST", "/subscriptions", body.encode());
    assertEquals(201, created.statusCode(), created.body());
    return new JsonObject(created.body()).getLong("id");
  }

  private HttpResponse<String> send(String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(GATEWAY + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An NDJSON stream read on a thread of its own; a failure to read is a failure, not an end. */
  static final class Lines implements AutoCloseable {
    private static final Object END = new Object();
    private final InputStream body;
    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile boolean ended;

    private Lines(InputStream body) {
      this.body = body;
      Thread reader = new Thread(this::read, "ndjson-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static Lines open(HttpClient http, String url) throws Exception {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode(), "GET " + url);
      return new Lines(response.body());
    }

    private void read() {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (!line.isBlank()) {
            lines.add(new JsonObject(line));
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          lines.add(new IllegalStateException("the stream failed: " + e, e));
        }
      } finally {
        ended = true;
        lines.add(END);
      }
    }

    /** The next message of one of {@code types} (others skipped); null at the end or timeout. */
    JsonObject nextOf(Duration timeout, String... types) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Object o = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (o == null || o == END) {
          return null;
        }
        if (o instanceof IllegalStateException e) {
          throw e;
        }
        JsonObject message = (JsonObject) o;
        if (Arrays.asList(types).contains(message.getString("type"))) {
          return message;
        }
      }
    }

    /** Whether the server ended the stream (or reading it failed). */
    boolean ended() {
      return ended;
    }

    @Override
    public void close() {
      closed = true;
      try {
        body.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
