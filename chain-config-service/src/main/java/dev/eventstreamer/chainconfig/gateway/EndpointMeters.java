package dev.eventstreamer.chainconfig.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One endpoint's meters, tagged {@code chain_id} and {@code endpoint} (host:port, never the URL),
 * created when it joins the endpoint set and removed when it leaves.
 */
final class EndpointMeters {

  static final String CALLS = "rpc.gateway.calls";
  static final String LATENCY = "rpc.gateway.upstream.latency";
  static final String STATE = "rpc.gateway.breaker.state";
  static final String HEAD = "rpc.gateway.head.block";
  static final String LAG = "rpc.gateway.head.lag";

  private static final String[] OUTCOMES = {
    "success",
    "rpc_error",
    "rejected",
    "timeout",
    "connection",
    "http_error",
    "rate_limited",
    "bad_response"
  };

  private final MeterRegistry registry;
  private final Counter[] outcomes = new Counter[OUTCOMES.length];
  private final Timer latency;
  private final List<Meter> meters = new ArrayList<>();

  EndpointMeters(MeterRegistry registry, RpcEndpoint endpoint) {
    this.registry = registry;
    Tags tags =
        Tags.of("chain_id", Long.toString(endpoint.chainId()), "endpoint", endpoint.endpoint());
    for (int i = 0; i < OUTCOMES.length; i++) {
      outcomes[i] =
          Counter.builder(CALLS)
              .description("Calls to an RPC endpoint by outcome")
              .tags(tags)
              .tag("outcome", OUTCOMES[i])
              .register(registry);
      meters.add(outcomes[i]);
    }
    latency =
        Timer.builder(LATENCY)
            .description("Time an RPC endpoint took to answer")
            .tags(tags)
            .publishPercentileHistogram(false)
            .register(registry);
    meters.add(latency);
    meters.add(
        Gauge.builder(STATE, endpoint, e -> stateValue(e.state()))
            .description("Breaker state: 0 closed, 1 open, 2 half-open")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder(HEAD, endpoint, RpcEndpoint::head)
            .description("Latest block the endpoint reported, -1 before the first")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder(LAG, endpoint, RpcEndpoint::lag)
            .description("Blocks behind the best head of the chain")
            .tags(tags)
            .register(registry));
  }

  void latency(long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  void outcome(UpstreamReply reply, Throwable failure) {
    outcomes[index(reply, failure)].increment();
  }

  void remove() {
    meters.forEach(registry::remove);
  }

  private static int index(UpstreamReply reply, Throwable failure) {
    if (failure == null) {
      return reply.isError() ? 1 : 0;
    }
    if (failure instanceof CircuitBreakerOpenException) {
      return 2;
    }
    if (failure instanceof UpstreamException u) {
      return switch (u.kind()) {
        case TIMEOUT -> 3;
        case CONNECTION -> 4;
        case HTTP_ERROR -> 5;
        case RATE_LIMITED -> 6;
        case BAD_RESPONSE -> 7;
      };
    }
    return 4;
  }

  static double stateValue(CircuitBreakerState state) {
    return switch (state) {
      case CLOSED -> 0;
      case OPEN -> 1;
      case HALF_OPEN -> 2;
    };
  }
}
