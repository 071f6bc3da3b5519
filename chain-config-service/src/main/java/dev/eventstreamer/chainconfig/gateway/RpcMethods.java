package dev.eventstreamer.chainconfig.gateway;

import java.util.Set;

/**
 * Which JSON-RPC methods the gateway forwards (reads only: nothing that signs, sends, or changes a
 * node), and which of them read at or near the head, so a lagging endpoint must not answer them.
 */
public final class RpcMethods {

  private static final Set<String> ALLOWED =
      Set.of(
          "eth_chainId",
          "net_version",
          "net_listening",
          "web3_clientVersion",
          "eth_syncing",
          "eth_blockNumber",
          "eth_getBlockByNumber",
          "eth_getBlockByHash",
          "eth_getBlockTransactionCountByNumber",
          "eth_getBlockTransactionCountByHash",
          "eth_getBlockReceipts",
          "eth_getLogs",
          "eth_getTransactionReceipt",
          "eth_getTransactionByHash",
          "eth_getTransactionByBlockNumberAndIndex",
          "eth_getTransactionByBlockHashAndIndex",
          "eth_call",
          "eth_estimateGas",
          "eth_getCode",
          "eth_getBalance",
          "eth_getTransactionCount",
          "eth_getStorageAt",
          "eth_getProof",
          "eth_gasPrice",
          "eth_maxPriorityFeePerGas",
          "eth_feeHistory",
          "eth_blobBaseFee");

  private static final Set<String> HEAD_SENSITIVE =
      Set.of(
          "eth_blockNumber",
          "eth_getBlockByNumber",
          "eth_getBlockTransactionCountByNumber",
          "eth_getTransactionByBlockNumberAndIndex",
          "eth_getBlockReceipts",
          "eth_getLogs",
          "eth_getTransactionReceipt",
          "eth_getTransactionByHash",
          "eth_call",
          "eth_estimateGas",
          "eth_getCode",
          "eth_getBalance",
          "eth_getTransactionCount",
          "eth_getStorageAt",
          "eth_getProof",
          "eth_feeHistory");

  private RpcMethods() {}

  public static boolean allowed(String method) {
    return ALLOWED.contains(method);
  }

  /** What a caller may send over the WebSocket relay: the reads, and subscriptions to them. */
  public static boolean allowedOverSocket(String method) {
    return allowed(method) || "eth_subscribe".equals(method) || "eth_unsubscribe".equals(method);
  }

  public static boolean headSensitive(String method) {
    return HEAD_SENSITIVE.contains(method);
  }
}
