package dev.eventstreamer.chainconfig.gateway;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One RPC URL of a chain behind its guard (breaker, timeout, retries), named {@code
 * rpc:{chain_id}:{host:port}}, with the head it last reported. Kept for the life of the application
 * (SmallRye never forgets a breaker name), in or out of the endpoint set.
 */
public final class RpcEndpoint {

  /** Head block not known yet. */
  public static final long UNKNOWN = -1;

  private final String name;
  private final long chainId;
  private final String endpoint;
  private final TypedGuard<CompletionStage<UpstreamReply>> guard;
  private final BreakerStats stats;
  private final UpstreamClient client;
  private final CircuitBreakerMaintenance maintenance;
  private final long recoveryNanos;
  private final int halfOpenMaxCalls;
  private final AtomicInteger halfOpenInFlight = new AtomicInteger();
  final AtomicBoolean polling = new AtomicBoolean();
  private volatile UpstreamTarget target;
  private volatile long head = UNKNOWN;
  private volatile long lag;
  private volatile boolean lagging;
  volatile EndpointMeters meters;

  RpcEndpoint(
      String name,
      long chainId,
      String endpoint,
      TypedGuard<CompletionStage<UpstreamReply>> guard,
      BreakerStats stats,
      UpstreamClient client,
      CircuitBreakerMaintenance maintenance,
      long recoveryNanos,
      int halfOpenMaxCalls) {
    this.name = name;
    this.chainId = chainId;
    this.endpoint = endpoint;
    this.guard = guard;
    this.stats = stats;
    this.client = client;
    this.maintenance = maintenance;
    this.recoveryNanos = recoveryNanos;
    this.halfOpenMaxCalls = halfOpenMaxCalls;
  }

  public String name() {
    return name;
  }

  public long chainId() {
    return chainId;
  }

  /** {@code host:port}, with {@code #2}... when a chain lists the same one twice. */
  public String endpoint() {
    return endpoint;
  }

  /** The URL with credentials masked. */
  public String maskedUrl() {
    return target.maskedUrl();
  }

  boolean hasUrl(String url) {
    UpstreamTarget t = target;
    return t != null && t.url().equals(url);
  }

  void target(UpstreamTarget target) {
    this.target = target;
  }

  public BreakerStats stats() {
    return stats;
  }

  /** The state as the breaker's callbacks reported it: cheap, for routing. */
  public CircuitBreakerState state() {
    return stats.state();
  }

  /** The state as SmallRye has it now, for the admin API. */
  public CircuitBreakerState breakerState() {
    return maintenance.currentState(name);
  }

  public long head() {
    return head;
  }

  public long lag() {
    return lag;
  }

  public boolean lagging() {
    return lagging;
  }

  void head(long head) {
    this.head = head;
  }

  void lag(long lag, boolean lagging) {
    this.lag = lag;
    this.lagging = lagging;
  }

  /** Closed and not lagging. */
  public boolean healthy() {
    return stats.state() == CircuitBreakerState.CLOSED && !lagging;
  }

  /** Open and still within its recovery timeout: calls would be refused. */
  boolean refusing(long now) {
    return stats.state() == CircuitBreakerState.OPEN && now - stats.openedAtNanos() < recoveryNanos;
  }

  /** Nanoseconds until an open breaker lets a trial call through. */
  long nanosToRecovery(long now) {
    return Math.max(0, stats.openedAtNanos() + recoveryNanos - now);
  }

  /**
   * Posts {@code body} through the guard; on a half-open breaker only a few calls at once. Fails
   * with the guard's failure as it is (never a CompletionException).
   */
  CompletionStage<UpstreamReply> call(Buffer body, boolean batch) {
    CircuitBreakerState state = stats.state();
    if (state == CircuitBreakerState.CLOSED
        || (state == CircuitBreakerState.OPEN && refusing(System.nanoTime()))) {
      // Closed, or open and the guard refuses at once: no trial call to count.
      return guarded(body, batch);
    }
    if (halfOpenInFlight.incrementAndGet() > halfOpenMaxCalls) {
      halfOpenInFlight.decrementAndGet();
      CircuitBreakerOpenException refused =
          new CircuitBreakerOpenException(name + " is half-open, trial calls in flight");
      EndpointMeters m = meters;
      if (m != null) {
        m.outcome(null, refused);
      }
      return CompletableFuture.failedFuture(refused);
    }
    stats.halfOpenCall();
    return guarded(body, batch)
        .whenComplete((reply, failure) -> halfOpenInFlight.decrementAndGet());
  }

  /** An upstream answered (whatever it answered) after {@code nanos}. */
  private void answered(long nanos) {
    stats.responseTime(nanos);
    EndpointMeters m = meters;
    if (m != null) {
      m.latency(nanos);
    }
  }

  private CompletionStage<UpstreamReply> guarded(Buffer body, boolean batch) {
    UpstreamTarget t = target;
    EndpointMeters m = meters;
    CompletionStage<UpstreamReply> reply;
    try {
      reply = guard.get(() -> client.send(t, body, batch, this::answered).result());
    } catch (Exception e) {
      reply = CompletableFuture.failedFuture(e);
    }
    if (m == null) {
      return reply;
    }
    return reply.whenComplete((r, failure) -> m.outcome(r, unwrap(failure)));
  }

  /** The failure a stage carries, without the CompletionException that stages wrap it in. */
  public static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
