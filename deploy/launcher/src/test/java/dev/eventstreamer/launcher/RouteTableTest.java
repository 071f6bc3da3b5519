package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {

  private final RouteTable routes = RouteTable.standard();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // a subscription's stream, acks, status and progress: stream-service
    "/subscriptions/1/stream, stream-service",
    "/subscriptions/abc/stream/, stream-service",
    "/subscriptions/1/stream/c-123/ack/batch, stream-service",
    "/subscriptions/1/stream/c-123/ack/batch/bulk, stream-service",
    "/subscriptions/1/processing-status, stream-service",
    "/subscriptions/1/last-processed-block, stream-service",
    "/stream/c-123/heartbeat, stream-service",
    // the rest of /subscriptions and API keys: subscription-service
    "/subscriptions, subscription-service",
    "/subscriptions/, subscription-service",
    "/subscriptions/1, subscription-service",
    "/subscriptions/1/streams, subscription-service",
    "/subscriptions/1/processing-status/x, subscription-service",
    "/subscriptions/stream, subscription-service",
    "/api/keys, subscription-service",
    "/api/keys/k-1, subscription-service",
    // chains, circuit breakers, JSON-RPC: chain-config-service
    "/api/chains, chain-config-service",
    "/api/chains/stats, chain-config-service",
    "/api/chains/31337, chain-config-service",
    "/api/circuit-breakers/status, chain-config-service",
    "/api/circuit-breakers/rpc-1/reset, chain-config-service",
    "/rpc/31337, chain-config-service",
    // rules: rule-engine-service
    "/api/rules, rule-engine-service",
    "/api/rules/r-1, rule-engine-service",
    "/api/rules/r-1/test, rule-engine-service",
    "/api/views/0xabc, rule-engine-service",
    "/api/views/0xabc/balance, rule-engine-service",
    "/api/faults, rule-engine-service",
    "/api/faults/resubmit, rule-engine-service",
  })
  void routesPathToTheServiceThatOwnsIt(String path, String service) {
    assertEquals(service, routes.match(path).orElseThrow().service().moduleName());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/health",
        "/nope",
        "/subscriptionsX",
        "/api",
        "/api/chainsX",
        "/stream",
        "/rpc",
        "/q/health"
      })
  void leavesOtherPathsUnrouted(String path) {
    assertTrue(routes.match(path).isEmpty(), path + " should have no route");
  }

  @ParameterizedTest
  @CsvSource({
    "/subscriptions/1/stream, true",
    "/stream/c-1/heartbeat, false",
    "/subscriptions, false"
  })
  void marksOnlyTheStreamRouteAsStreaming(String path, boolean streaming) {
    assertEquals(streaming, routes.match(path).orElseThrow().streaming());
  }
}
