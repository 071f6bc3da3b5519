package dev.eventstreamer.chainconfig.service;

import dev.eventstreamer.chainconfig.repository.Chain;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything configurable about a chain, complete: what a request resolves to once defaults (on
 * create) or the stored values (on update) fill what it did not send.
 */
public record ChainSettings(
    String name, List<String> rpcUrls, String websocketUrl, IngestionSettings ingestion) {

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
        IngestionSettings.defaults().with(ingestion(c, c.chunkSize())));
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
        ingestion.with(
            ingestion(
                c, chunkSize(c, ingestion.integer(IngestionSetting.HISTORICAL_MAX_CHUNK_SIZE)))));
  }

  /** The settings a row holds. */
  public static ChainSettings of(Chain chain) {
    return new ChainSettings(
        chain.name,
        List.of(chain.rpcUrls),
        chain.websocketUrl,
        IngestionSettings.fromStored(chain.ingestion));
  }

  /** Writes these settings into {@code chain}. */
  public void applyTo(Chain chain) {
    chain.name = name;
    chain.rpcUrls = rpcUrls.toArray(String[]::new);
    chain.websocketUrl = websocketUrl;
    chain.ingestion = ingestion.toDocument();
  }

  // What c sends, with the chunk size resolved from either spelling.
  private static Map<IngestionSetting, Object> ingestion(ChainChanges c, Integer chunkSize) {
    Map<IngestionSetting, Object> sent = new EnumMap<>(IngestionSetting.class);
    sent.putAll(c.ingestion());
    if (chunkSize != null) {
      sent.put(IngestionSetting.HISTORICAL_MAX_CHUNK_SIZE, chunkSize);
    }
    return sent;
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

  // The chunk size a PUT sets over current (null: not sent).
  private static Integer chunkSize(ChainChanges c, int current) {
    Integer sent = c.chunkSize(current);
    if (sent == null && c.chunkSize() != null) {
      throw ProblemException.badRequest(
          List.of(
              Violation.body(
                  "max_blocks_per_request",
                  "must equal historical_max_chunk_size when both change (they are one setting)")));
    }
    return sent;
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
