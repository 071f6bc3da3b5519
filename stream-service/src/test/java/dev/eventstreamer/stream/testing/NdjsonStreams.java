package dev.eventstreamer.stream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.parsetools.RecordParser;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Many NDJSON streams at once on one event loop of a Vert.x of its own: each keeps its connection
 * id, the {@code test_seq} of every event it read (see common/infra's SyntheticLog) and its batch
 * ids. A stream's client can stop reading (TCP fills up and the server must stop).
 */
public final class NdjsonStreams implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One open stream as its client sees it. */
  public static final class Stream {
    public final long subscriptionId;
    public volatile String connectionId;
    public volatile int status;
    public final List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
    public final List<String> batchIds = new CopyOnWriteArrayList<>();
    public final List<String> errors = new CopyOnWriteArrayList<>();
    public volatile boolean ended;
    private int pauseAt;
    private volatile RecordParser lines;
    private volatile Context context;

    Stream(long subscriptionId, int pauseAt) {
      this.subscriptionId = subscriptionId;
      this.pauseAt = pauseAt;
    }

    /** The client reads again after it paused. */
    public void resume() {
      context.runOnContext(v -> lines.resume());
    }

    /** The batch ids read so far, taken (the next call returns only newer ones). */
    public synchronized List<String> takeBatchIds() {
      List<String> out = new ArrayList<>(batchIds);
      batchIds.removeAll(out);
      return out;
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client;
  private final URL base;
  private final Map<Long, Stream> streams = new ConcurrentHashMap<>();
  private volatile boolean closing;

  public NdjsonStreams(URL base, int connections) {
    this.base = base;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort())
                .setKeepAlive(false)
                // Fixed: the kernel does not grow it, so a paused client holds little.
                .setReceiveBufferSize(64 * 1024),
            // Room for acks beside the streams.
            new PoolOptions().setHttp1MaxSize(connections + 8));
  }

  /** Opens the stream of {@code subscriptionId} (no token: after its committed cursor). */
  public Stream open(long subscriptionId) {
    return open(subscriptionId, -1);
  }

  /**
   * Opens the stream of {@code subscriptionId}; its client stops reading once it has read {@code
   * pauseAt} events (never when negative) until {@link Stream#resume()}.
   */
  public Stream open(long subscriptionId, int pauseAt) {
    Stream s = new Stream(subscriptionId, pauseAt);
    streams.put(subscriptionId, s);
    client
        .request(HttpMethod.GET, "/subscriptions/" + subscriptionId + "/stream")
        .compose(req -> req.send())
        .onSuccess(
            response -> {
              s.context = Vertx.currentContext();
              s.status = response.statusCode();
              s.connectionId = response.getHeader("X-Connection-Id");
              RecordParser lines = RecordParser.newDelimited("\n", response);
              lines.maxRecordSize(128 * 1024);
              s.lines = lines;
              lines.handler(
                  line -> {
                    read(s, line);
                    if (s.pauseAt >= 0 && s.seqs.size() >= s.pauseAt) {
                      s.pauseAt = -1; // once
                      lines.pause();
                    }
                  });
              lines.endHandler(v -> s.ended = true);
              // A reset or an over-long line is a failure, not an end (unless the test closed).
              lines.exceptionHandler(
                  e -> {
                    if (!closing) {
                      s.errors.add("stream failed: " + e);
                    }
                    s.ended = true;
                  });
            })
        .onFailure(e -> s.errors.add("request failed: " + e));
    return s;
  }

  public Map<Long, Stream> streams() {
    return streams;
  }

  /** POSTs {@code body} to {@code path} of the service; the status code. */
  public int post(String path, String body) {
    return client
        .request(HttpMethod.POST, path)
        .compose(
            req ->
                req.putHeader("Content-Type", "application/json")
                    .send(body)
                    .compose(r -> r.body().map(b -> r.statusCode())))
        .toCompletionStage()
        .toCompletableFuture()
        .join();
  }

  private static void read(Stream s, Buffer line) {
    try {
      JsonNode j = JSON.readTree(line.getBytes());
      switch (j.path("type").asText()) {
        case "event_batch" -> {
          j.path("events")
              .forEach(named -> named.forEach(e -> s.seqs.add(e.path("test_seq").asLong())));
          synchronized (s) {
            s.batchIds.add(j.path("batch_id").asText());
          }
        }
        case "error" -> s.errors.add(j.path("error_code").asText());
        default -> {}
      }
    } catch (Exception e) {
      s.errors.add("unreadable line: " + e);
    }
  }

  @Override
  public void close() {
    closing = true;
    client.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
