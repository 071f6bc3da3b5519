package dev.eventstreamer.stream;

import java.util.List;

/**
 * A subscription as ingestion sees it: what to fetch (chain, topic0, addresses, block range, the
 * event ABI to decode with) and how far it got ({@code nextBlock}: every block before it is in the
 * log, exactly once).
 *
 * @param addresses lowercase 0x addresses; empty means any contract
 * @param endBlock the last block, or null to follow the chain forever
 * @param lastSeq the seq of the newest event in its log, 0 when none
 * @param reorgEpoch how many reorgs removed events of it (part of every event id)
 */
public record Subscription(
    long id,
    long chainId,
    String topic0,
    String eventSignature,
    List<String> addresses,
    long startBlock,
    Long endBlock,
    String subscriberId,
    boolean deleted,
    IngestStatus status,
    long nextBlock,
    long lastSeq,
    int reorgEpoch) {

  /** Whether any contract's logs count. */
  public boolean anyAddress() {
    return addresses.isEmpty();
  }

  /** The last block to ingest given the safe head: the end block when it comes first. */
  public long lastBlockWanted(long safeHead) {
    return endBlock == null ? safeHead : Math.min(endBlock, safeHead);
  }

  /**
   * This subscription once blocks up to {@code nextBlock - 1} are appended, up to seq {@code
   * lastSeq}.
   */
  public Subscription progressed(long nextBlock, long lastSeq, IngestStatus status) {
    return new Subscription(
        id,
        chainId,
        topic0,
        eventSignature,
        addresses,
        startBlock,
        endBlock,
        subscriberId,
        deleted,
        status,
        nextBlock,
        lastSeq,
        reorgEpoch);
  }

  /** Whether every block up to the end block is in the log. */
  public boolean done() {
    return endBlock != null && nextBlock > endBlock;
  }
}
