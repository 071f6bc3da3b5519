package dev.eventstreamer.stream;

/**
 * A chain as ingestion uses it, from chain-config-events: how deep a block must be to be safe, how
 * often a new one comes, and how wide an eth_getLogs may start.
 */
public record Chain(
    long chainId,
    String name,
    boolean active,
    int confirmationBlocks,
    long blockTimeMillis,
    int maxBlockRange,
    int maxConcurrent,
    long version) {}
