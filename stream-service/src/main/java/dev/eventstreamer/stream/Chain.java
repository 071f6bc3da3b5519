package dev.eventstreamer.stream;

/**
 * A chain as ingestion uses it, from chain-config-events: how deep a block must be to be safe, how
 * often a new one comes, how wide an eth_getLogs may start, and whether its new heads can be
 * subscribed to.
 *
 * @param liveWebsocket the chain has a {@code live_websocket_url}, which chain-config-service
 *     relays at {@code /rpc/{chain_id}/ws}
 */
public record Chain(
    long chainId,
    String name,
    boolean active,
    int confirmationBlocks,
    long blockTimeMillis,
    int maxBlockRange,
    int maxConcurrent,
    boolean liveWebsocket,
    long version) {}
