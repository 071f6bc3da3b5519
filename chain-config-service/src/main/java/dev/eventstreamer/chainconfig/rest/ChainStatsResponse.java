package dev.eventstreamer.chainconfig.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code GET /api/chains/stats}. {@code total_chains} and {@code active_chains} both count the
 * active chains (the first is the contract's name, the second the SDK README's); the RPC counts are
 * null while no gateway reports them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainStatsResponse(
    boolean loaded,
    int totalChains,
    int activeChains,
    int inactiveChains,
    List<Long> supportedChainIds,
    Integer healthyRpcs,
    Integer totalRpcs,
    List<Long> unhealthyChains,
    String lastRefresh,
    String timestamp) {}
