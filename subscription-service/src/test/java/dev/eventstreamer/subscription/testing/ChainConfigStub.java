package dev.eventstreamer.subscription.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Stands in for chain-config-service's {@code GET /api/chains/{id}}: a test decides what it
 * answers. Unknown chains get 404; chain {@link #ACTIVE_CHAIN} is configured and active.
 */
public class ChainConfigStub implements QuarkusTestResourceLifecycleManager {

  /** The chain most tests subscribe on. */
  public static final long ACTIVE_CHAIN = 1;

  private static WireMockServer server;

  @Override
  public Map<String, String> start() {
    server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    server.stubFor(
        get(urlPathMatching("/api/chains/.*"))
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"status\":404,\"detail\":\"Chain not found\"}")));
    chain(ACTIVE_CHAIN, true);
    return Map.of("subscription.chain-config.url", server.baseUrl());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
    }
  }

  public static WireMockServer server() {
    return server;
  }

  /** chain-config-service knows the chain, active or not. */
  public static void chain(long chainId, boolean active) {
    chain(chainId, active, 0);
  }

  /** chain-config-service knows the chain and answers after {@code delayMillis}. */
  public static void chain(long chainId, boolean active, int delayMillis) {
    server.stubFor(
        get(urlEqualTo("/api/chains/" + chainId))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withFixedDelay(delayMillis)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"chain_id\":"
                            + chainId
                            + ",\"name\":\"chain "
                            + chainId
                            + "\",\"is_active\":"
                            + active
                            + ",\"status\":\""
                            + (active ? "active" : "inactive")
                            + "\"}")));
  }

  /** chain-config-service answers the chain's lookup with {@code status}. */
  public static void failing(long chainId, int status) {
    server.stubFor(
        get(urlEqualTo("/api/chains/" + chainId))
            .atPriority(1)
            .willReturn(aResponse().withStatus(status).withBody("{\"detail\":\"boom\"}")));
  }

  /** The connection breaks before an answer. */
  public static void broken(long chainId) {
    server.stubFor(
        get(urlEqualTo("/api/chains/" + chainId))
            .atPriority(1)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
  }

  /** The answer comes after {@code millis}. */
  public static void slow(long chainId, int millis) {
    server.stubFor(
        get(urlEqualTo("/api/chains/" + chainId))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withFixedDelay(millis)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"chain_id\":" + chainId + ",\"is_active\":true}")));
  }

  /** How many lookups of the chain chain-config-service received. */
  public static int lookups(long chainId) {
    return server
        .findAll(
            com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlEqualTo("/api/chains/" + chainId)))
        .size();
  }
}
