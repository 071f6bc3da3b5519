package dev.eventstreamer.stream.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Registers chains with the real chain-config-service, as an operator would through its API. */
public final class Chains {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Chains() {}

  /** Registers (or replaces) a chain with one RPC URL, one-second blocks. */
  public static void register(long chainId, String rpcUrl, int confirmations, int maxRange) {
    String body =
        "{\"chain_id\":"
            + chainId
            + ",\"name\":\"test chain "
            + chainId
            + "\",\"rpc_urls\":[\""
            + rpcUrl
            + "\"],\"average_block_time\":1,\"confirmation_blocks\":"
            + confirmations
            + ",\"historical_max_chunk_size\":"
            + maxRange
            + "}";
    String base = ChainConfigGateway.app().url() + "/api/chains";
    HttpResponse<String> created = send("POST", base, body);
    if (created.statusCode() == 409) {
      created = send("PUT", base + "/" + chainId, body);
    }
    if (created.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "chain " + chainId + " not registered: " + created.statusCode() + " " + created.body());
    }
  }

  private static HttpResponse<String> send(String method, String url, String body) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
