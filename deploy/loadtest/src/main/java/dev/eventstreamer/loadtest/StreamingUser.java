package dev.eventstreamer.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A program built on the published client, as its README shows: it streams one subscription and
 * acknowledges what it handled; when the connection is lost it closes that client (whose last acks
 * go out on the old connection id) and starts a new one with the last resume token, a second later,
 * for as long as it runs. Records every event it reads, every batch acknowledged and every
 * connection, for the delivery checks.
 */
final class StreamingUser implements SdkClient.Listener, AutoCloseable {

  /** One event as read: its place on the chain, the connection and batch it came in, when. */
  record Receipt(
      long block, long logIndex, int connection, String batchId, long nanos, long wall) {}

  private static final long RECONNECT_DELAY_MILLIS = 1000;

  private final String name;
  private final long subscriptionId;
  private final ApiLog api;
  private final ScheduledExecutorService timers;
  private final String base;
  private final List<Receipt> receipts = new ArrayList<>();
  private final Map<String, Long> acknowledgedAt = new HashMap<>();
  private final List<Long> connectionOpened = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<String> endings = new CopyOnWriteArrayList<>();
  private final AtomicLong eventsAcknowledged = new AtomicLong();
  private volatile long highestBlock = -1;
  private volatile boolean stopped;
  private volatile SdkClient client;
  private Thread loop;

  StreamingUser(
      String name,
      long subscriptionId,
      ApiLog api,
      ScheduledExecutorService timers,
      String streamServiceUrl) {
    this.name = name;
    this.subscriptionId = subscriptionId;
    this.api = api;
    this.timers = timers;
    this.base = streamServiceUrl;
  }

  /** Starts streaming at once, reconnecting until {@link #close()}. */
  StreamingUser start() {
    loop = new Thread(this::run, "user-" + name);
    loop.setDaemon(true);
    loop.start();
    return this;
  }

  private void run() {
    String token = null;
    while (!stopped) {
      int connection = connectionOpened.size();
      SdkClient current = new SdkClient(api, timers, base, subscriptionId, token, connection, this);
      client = current;
      try {
        connectionOpened.add(System.nanoTime());
        current.open();
        String reason = waitForEnd(current);
        if (reason != null) {
          endings.add(reason);
        }
      } catch (Exception e) {
        connectionOpened.remove(connectionOpened.size() - 1);
        problems.add("connect: " + ApiLog.oneLine(e.toString()));
      }
      current.close();
      token = current.resumeToken();
      if (!stopped) {
        sleep(RECONNECT_DELAY_MILLIS);
      }
    }
  }

  private String waitForEnd(SdkClient current) throws InterruptedException {
    while (!stopped) {
      try {
        return current.ended().get(500, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        // look at stopped again
      } catch (java.util.concurrent.ExecutionException e) {
        return e.toString();
      }
    }
    return null;
  }

  @Override
  public void onBatch(int connection, String batchId, List<JsonNode> events, long nanos) {
    long wall = System.currentTimeMillis();
    synchronized (receipts) {
      for (JsonNode event : events) {
        long block = number(event.path("block_number"));
        receipts.add(
            new Receipt(block, number(event.path("log_index")), connection, batchId, nanos, wall));
        if (block > highestBlock) {
          highestBlock = block;
        }
      }
    }
  }

  private static long number(JsonNode node) {
    if (node.isNumber()) {
      return node.asLong();
    }
    String text = node.asText();
    return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
  }

  @Override
  public void onAcknowledged(List<String> batchIds, long events, long nanos) {
    eventsAcknowledged.addAndGet(events);
    synchronized (receipts) {
      for (String id : batchIds) {
        acknowledgedAt.putIfAbsent(id, nanos);
      }
    }
  }

  @Override
  public void onProblem(String problem) {
    problems.add(problem);
  }

  String name() {
    return name;
  }

  long subscriptionId() {
    return subscriptionId;
  }

  /** The highest block of any event read so far. */
  long highestBlock() {
    return highestBlock;
  }

  /** Every event read, in the order read. */
  List<Receipt> receipts() {
    synchronized (receipts) {
      return new ArrayList<>(receipts);
    }
  }

  int receiptCount() {
    synchronized (receipts) {
      return receipts.size();
    }
  }

  /** When the server confirmed each acknowledged batch (nanoTime). */
  Map<String, Long> acknowledgedAt() {
    synchronized (receipts) {
      return new HashMap<>(acknowledgedAt);
    }
  }

  /** When each connection was opened (nanoTime), by connection number. */
  List<Long> connectionOpened() {
    return List.copyOf(connectionOpened);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /** Why each connection ended. */
  List<String> endings() {
    return List.copyOf(endings);
  }

  long eventsAcknowledged() {
    return eventsAcknowledged.get();
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    SdkClient current = client;
    if (current != null) {
      current.close();
    }
    if (loop != null) {
      loop.join(15_000);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
