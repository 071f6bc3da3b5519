package dev.eventstreamer.chainconfig.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registry's counts.
 *
 * @param activeChainIds ascending
 * @param inactiveChains deactivated chains kept in the registry
 * @param rpcHealth the gateway's endpoint summary, when a gateway runs in this service
 * @param lastRefresh when the endpoint set was last reloaded
 */
public record ChainStats(
    List<Long> activeChainIds,
    int inactiveChains,
    Optional<RpcHealth.Summary> rpcHealth,
    Instant lastRefresh) {}
