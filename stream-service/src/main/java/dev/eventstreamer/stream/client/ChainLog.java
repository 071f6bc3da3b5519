package dev.eventstreamer.stream.client;

import dev.eventstreamer.common.abi.RpcLog;
import java.util.List;

/**
 * A log as {@code eth_getLogs} gave it: hex strings lowercased, quantities also as numbers. {@code
 * blockTimestamp} is the block time in seconds when the node includes it (newer nodes do), else
 * null.
 */
public record ChainLog(
    String address,
    List<String> topics,
    String data,
    long blockNumber,
    String blockHash,
    String transactionHash,
    String transactionIndex,
    long logIndex,
    boolean removed,
    Long blockTimestamp) {

  /** The first topic (the event's topic0 for a non-anonymous event), or null. */
  public String topic0() {
    return topics.isEmpty() ? null : topics.get(0);
  }

  /** The log in the shape common/abi decodes. */
  public RpcLog toRpcLog() {
    return new RpcLog(
        address,
        topics,
        data,
        "0x" + Long.toHexString(blockNumber),
        blockHash,
        transactionHash,
        transactionIndex,
        "0x" + Long.toHexString(logIndex),
        removed);
  }
}
