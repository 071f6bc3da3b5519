package dev.eventstreamer.stream.client;

import java.util.List;

/**
 * An {@code eth_getLogs} filter: a block range or one block by hash, emitting contracts (empty:
 * any) and accepted first topics (one or more topic0 values).
 */
public record LogFilter(
    long fromBlock, long toBlock, String blockHash, List<String> addresses, List<String> topic0s) {

  public LogFilter {
    addresses = List.copyOf(addresses);
    topic0s = List.copyOf(topic0s);
    if (topic0s.isEmpty()) {
      throw new IllegalArgumentException("a log filter needs at least one topic0");
    }
    if (blockHash == null && (fromBlock < 0 || toBlock < fromBlock)) {
      throw new IllegalArgumentException("bad block range " + fromBlock + ".." + toBlock);
    }
  }

  /** Logs of blocks {@code from..to}, both included. */
  public static LogFilter range(long from, long to, List<String> addresses, List<String> topic0s) {
    return new LogFilter(from, to, null, addresses, topic0s);
  }

  /** Logs of the block with {@code hash} (EIP-234): exactly that block, whatever the reorgs. */
  public static LogFilter block(String hash, List<String> addresses, List<String> topic0s) {
    return new LogFilter(-1, -1, hash, addresses, topic0s);
  }

  /** The same filter over another range. */
  public LogFilter withRange(long from, long to) {
    return new LogFilter(from, to, null, addresses, topic0s);
  }

  /** Blocks in the range. */
  public long blocks() {
    return toBlock - fromBlock + 1;
  }
}
