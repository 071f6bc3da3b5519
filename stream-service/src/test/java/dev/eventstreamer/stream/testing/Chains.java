package dev.eventstreamer.stream.testing;

import java.net.http.HttpResponse;

/** Registers chains with the real chain-config-service, as an operator would through its API. */
public final class Chains {

  private Chains() {}

  /** Registers (or replaces) a chain with one RPC URL, one-second blocks. */
  public static void register(long chainId, String rpcUrl, int confirmations, int maxRange) {
    register(chainId, rpcUrl, null, 1, confirmations, maxRange);
  }

  /**
   * Registers (or replaces) a chain with one RPC URL and, unless null, a WebSocket URL ({@code
   * live_websocket_url}).
   */
  public static void register(
      long chainId,
      String rpcUrl,
      String websocketUrl,
      int blockTimeSeconds,
      int confirmations,
      int maxRange) {
    String body =
        "{\"chain_id\":"
            + chainId
            + ",\"name\":\"test chain "
            + chainId
            + "\",\"rpc_urls\":[\""
            + rpcUrl
            + "\"]"
            + (websocketUrl == null ? "" : ",\"live_websocket_url\":\"" + websocketUrl + "\"")
            + ",\"average_block_time\":"
            + blockTimeSeconds
            + ",\"confirmation_blocks\":"
            + confirmations
            + ",\"historical_max_chunk_size\":"
            + maxRange
            + "}";
    String base = ChainConfigGateway.url() + "/api/chains";
    HttpResponse<String> created = Http.send("POST", base, body);
    if (created.statusCode() == 409) {
      created = Http.send("PUT", base + "/" + chainId, body);
    }
    if (created.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "chain " + chainId + " not registered: " + created.statusCode() + " " + created.body());
    }
  }
}
