package dev.eventstreamer.chainconfig.service;

import dev.eventstreamer.chainconfig.repository.Chain;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything configurable about a chain, complete: what a request resolves to once defaults (on
 * create) or the stored values (on update) fill what it did not send.
 */
public record ChainSettings(
    String name,
    List<String> rpcUrls,
    String websocketUrl,
    double averageBlockTime,
    int confirmationBlocks,
    int historicalMaxChunkSize,
    int historicalMaxRetries,
    int historicalMaxConcurrent,
    int historicalProgressInterval,
    int liveMaxRetries,
    int liveRetryDelay,
    int liveReconnectDelay,
    boolean liveEnableGapDetection,
    int liveMaxGapSize,
    int liveBlockCheckInterval,
    int liveGapFillChunkSize) {

  // The schema package's defaults, plus the registry's own for the older shape's fields.
  public static final double DEFAULT_AVERAGE_BLOCK_TIME = 12.0;
  public static final int DEFAULT_CONFIRMATION_BLOCKS = 12;
  public static final int DEFAULT_HISTORICAL_MAX_CHUNK_SIZE = 10_000;
  public static final int DEFAULT_HISTORICAL_MAX_RETRIES = 3;
  public static final int DEFAULT_HISTORICAL_MAX_CONCURRENT = 5;
  public static final int DEFAULT_HISTORICAL_PROGRESS_INTERVAL = 100;
  public static final int DEFAULT_LIVE_MAX_RETRIES = 5;
  public static final int DEFAULT_LIVE_RETRY_DELAY = 5;
  public static final int DEFAULT_LIVE_RECONNECT_DELAY = 30;
  public static final boolean DEFAULT_LIVE_ENABLE_GAP_DETECTION = true;
  public static final int DEFAULT_LIVE_MAX_GAP_SIZE = 1000;
  public static final int DEFAULT_LIVE_BLOCK_CHECK_INTERVAL = 10;
  public static final int DEFAULT_LIVE_GAP_FILL_CHUNK_SIZE = 100;

  public ChainSettings {
    rpcUrls = List.copyOf(rpcUrls);
  }

  /**
   * A new chain's settings: what {@code c} sends, defaults for the rest. {@code stored} are the
   * URLs a deactivated row still holds, so a masked URL sent back resolves to its original.
   */
  public static ChainSettings create(ChainChanges c, List<String> stored) {
    return new ChainSettings(
        c.name(),
        urls(c.historicalRpcUrl(), c.rpcUrls(), List.of(), stored),
        websocket(c.liveWebsocketUrl(), null),
        or(c.averageBlockTime(), DEFAULT_AVERAGE_BLOCK_TIME),
        or(c.confirmationBlocks(), DEFAULT_CONFIRMATION_BLOCKS),
        or(c.chunkSize(), DEFAULT_HISTORICAL_MAX_CHUNK_SIZE),
        or(c.historicalMaxRetries(), DEFAULT_HISTORICAL_MAX_RETRIES),
        or(c.historicalMaxConcurrent(), DEFAULT_HISTORICAL_MAX_CONCURRENT),
        or(c.historicalProgressInterval(), DEFAULT_HISTORICAL_PROGRESS_INTERVAL),
        or(c.liveMaxRetries(), DEFAULT_LIVE_MAX_RETRIES),
        or(c.liveRetryDelay(), DEFAULT_LIVE_RETRY_DELAY),
        or(c.liveReconnectDelay(), DEFAULT_LIVE_RECONNECT_DELAY),
        or(c.liveEnableGapDetection(), DEFAULT_LIVE_ENABLE_GAP_DETECTION),
        or(c.liveMaxGapSize(), DEFAULT_LIVE_MAX_GAP_SIZE),
        or(c.liveBlockCheckInterval(), DEFAULT_LIVE_BLOCK_CHECK_INTERVAL),
        or(c.liveGapFillChunkSize(), DEFAULT_LIVE_GAP_FILL_CHUNK_SIZE));
  }

  /** These settings with what {@code c} sends replacing them; the rest is kept. */
  public ChainSettings merge(ChainChanges c) {
    List<String> urls = rpcUrls;
    if (c.rpcUrls() != null) {
      urls = urls(c.historicalRpcUrl(), c.rpcUrls(), List.of(), rpcUrls);
    } else if (c.historicalRpcUrl() != null) {
      // A new primary only: the fallbacks stay behind it.
      urls = urls(c.historicalRpcUrl(), List.of(), rpcUrls.subList(1, rpcUrls.size()), rpcUrls);
    }
    return new ChainSettings(
        or(c.name(), name),
        urls,
        websocket(c.liveWebsocketUrl(), websocketUrl),
        or(c.averageBlockTime(), averageBlockTime),
        or(c.confirmationBlocks(), confirmationBlocks),
        or(c.chunkSize(), historicalMaxChunkSize),
        or(c.historicalMaxRetries(), historicalMaxRetries),
        or(c.historicalMaxConcurrent(), historicalMaxConcurrent),
        or(c.historicalProgressInterval(), historicalProgressInterval),
        or(c.liveMaxRetries(), liveMaxRetries),
        or(c.liveRetryDelay(), liveRetryDelay),
        or(c.liveReconnectDelay(), liveReconnectDelay),
        or(c.liveEnableGapDetection(), liveEnableGapDetection),
        or(c.liveMaxGapSize(), liveMaxGapSize),
        or(c.liveBlockCheckInterval(), liveBlockCheckInterval),
        or(c.liveGapFillChunkSize(), liveGapFillChunkSize));
  }

  /** The settings a row holds. */
  public static ChainSettings of(Chain chain) {
    return new ChainSettings(
        chain.name,
        List.of(chain.rpcUrls),
        chain.websocketUrl,
        chain.averageBlockTime,
        chain.confirmationBlocks,
        chain.historicalMaxChunkSize,
        chain.historicalMaxRetries,
        chain.historicalMaxConcurrent,
        chain.historicalProgressInterval,
        chain.liveMaxRetries,
        chain.liveRetryDelay,
        chain.liveReconnectDelay,
        chain.liveEnableGapDetection,
        chain.liveMaxGapSize,
        chain.liveBlockCheckInterval,
        chain.liveGapFillChunkSize);
  }

  /** Writes these settings into {@code chain}. */
  public void applyTo(Chain chain) {
    chain.name = name;
    chain.rpcUrls = rpcUrls.toArray(String[]::new);
    chain.websocketUrl = websocketUrl;
    chain.averageBlockTime = averageBlockTime;
    chain.confirmationBlocks = confirmationBlocks;
    chain.historicalMaxChunkSize = historicalMaxChunkSize;
    chain.historicalMaxRetries = historicalMaxRetries;
    chain.historicalMaxConcurrent = historicalMaxConcurrent;
    chain.historicalProgressInterval = historicalProgressInterval;
    chain.liveMaxRetries = liveMaxRetries;
    chain.liveRetryDelay = liveRetryDelay;
    chain.liveReconnectDelay = liveReconnectDelay;
    chain.liveEnableGapDetection = liveEnableGapDetection;
    chain.liveMaxGapSize = liveMaxGapSize;
    chain.liveBlockCheckInterval = liveBlockCheckInterval;
    chain.liveGapFillChunkSize = liveGapFillChunkSize;
  }

  /**
   * {@code primary}, then {@code listed}, then {@code kept}, without duplicates; a URL equal to the
   * mask of a {@code stored} one is that stored URL (a client sending back what it read).
   */
  private static List<String> urls(
      String primary, List<String> listed, List<String> kept, List<String> stored) {
    Set<String> out = new LinkedHashSet<>();
    if (primary != null) {
      out.add(unmask(primary, stored));
    }
    if (listed != null) {
      listed.forEach(url -> out.add(unmask(url, stored)));
    }
    out.addAll(kept);
    return new ArrayList<>(out);
  }

  private static String unmask(String url, List<String> stored) {
    for (String original : stored) {
      if (url.equals(EndpointUrls.mask(original))) {
        return original;
      }
    }
    return url;
  }

  // The published client always sends live_websocket_url, empty when it has none.
  private static String websocket(String sent, String current) {
    if (sent == null || sent.isEmpty()) {
      return current;
    }
    return current != null && sent.equals(EndpointUrls.mask(current)) ? current : sent;
  }

  private static <T> T or(T value, T fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }
}
