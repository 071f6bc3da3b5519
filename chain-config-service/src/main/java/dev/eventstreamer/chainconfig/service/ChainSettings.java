package dev.eventstreamer.chainconfig.service;

import dev.eventstreamer.chainconfig.repository.Chain;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
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
   * A new chain's settings: what {@code c} sends, defaults for the rest. {@code stored} and {@code
   * storedWebsocket} are the URLs a deactivated row still holds, so a masked URL sent back resolves
   * to its original.
   */
  public static ChainSettings create(ChainChanges c, List<String> stored, String storedWebsocket) {
    return new ChainSettings(
        c.name(),
        urls(c.historicalRpcUrl(), c.rpcUrls(), List.of(), stored),
        // A comeback that sends no WebSocket URL has none; one sent back masked is the stored one.
        sent(c.liveWebsocketUrl()) ? websocket(c.liveWebsocketUrl(), storedWebsocket) : null,
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
        chunkSize(c, historicalMaxChunkSize),
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
   *
   * @throws ProblemException 400 when a masked URL could stand for several stored ones
   */
  private static List<String> urls(
      String primary, List<String> listed, List<String> kept, List<String> stored) {
    Set<String> out = new LinkedHashSet<>();
    if (primary != null) {
      out.add(unmask(primary, 0, stored, "historical_rpc_url"));
    }
    if (listed != null) {
      for (int i = 0; i < listed.size(); i++) {
        out.add(unmask(listed.get(i), i, stored, "rpc_urls[" + i + "]"));
      }
    }
    out.addAll(kept);
    return new ArrayList<>(out);
  }

  /**
   * The stored URL {@code url} is the mask of: the one at the same position when its mask matches
   * (a list sent back as it was read), else the only one whose mask matches. Two keys on one host
   * mask alike, and guessing would silently drop or swap one of them.
   */
  private static String unmask(String url, int position, List<String> stored, String field) {
    if (position < stored.size() && url.equals(EndpointUrls.mask(stored.get(position)))) {
      return stored.get(position);
    }
    String found = null;
    for (String original : stored) {
      if (url.equals(EndpointUrls.mask(original))) {
        if (found != null) {
          throw ProblemException.badRequest(
              List.of(
                  Violation.body(
                      field, "is masked and matches several stored RPC URLs; send the full URL")));
        }
        found = original;
      }
    }
    return found == null ? url : found;
  }

  private static int chunkSize(ChainChanges c, int current) {
    Integer sent = c.chunkSize(current);
    if (sent == null && c.chunkSize() != null) {
      throw ProblemException.badRequest(
          List.of(
              Violation.body(
                  "max_blocks_per_request",
                  "must equal historical_max_chunk_size when both change (they are one setting)")));
    }
    return or(sent, current);
  }

  // The published client always sends live_websocket_url, empty when it has none.
  private static boolean sent(String websocket) {
    return websocket != null && !websocket.isEmpty();
  }

  private static String websocket(String sent, String current) {
    if (!sent(sent)) {
      return current;
    }
    return current != null && sent.equals(EndpointUrls.mask(current)) ? current : sent;
  }

  private static <T> T or(T value, T fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }
}
