package dev.eventstreamer.chainconfig.service;

import dev.eventstreamer.common.problem.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The registry's rules for chain settings, reported per JSON field. Messages never quote a URL: it
 * may hold a key.
 */
@ApplicationScoped
public class ChainValidator {

  public static final int MAX_NAME_LENGTH = 100;
  public static final int MAX_URL_LENGTH = 2048;
  public static final int MAX_RPC_URLS = 10;

  private static final Set<String> RPC_SCHEMES = Set.of("http", "https");
  private static final Set<String> WEBSOCKET_SCHEMES = Set.of("ws", "wss");

  /**
   * What is wrong with {@code c} as a new chain (POST, seed): the id, name and a URL are needed.
   */
  public List<Violation> forCreate(ChainChanges c) {
    List<Violation> out = new ArrayList<>();
    if (c.chainId() == null) {
      out.add(Violation.body("chain_id", "is required"));
    }
    if (c.name() == null) {
      out.add(Violation.body("name", "is required"));
    }
    if (!c.sendsRpcUrls()) {
      out.add(Violation.body("rpc_urls", "is required: send rpc_urls or historical_rpc_url"));
    }
    check(c, out);
    if (c.maxBlocksPerRequest() != null
        && c.historicalMaxChunkSize() != null
        && !Objects.equals(c.maxBlocksPerRequest(), c.historicalMaxChunkSize())) {
      out.add(
          Violation.body(
              "max_blocks_per_request",
              "must equal historical_max_chunk_size when both are sent (they are one setting)"));
    }
    return out;
  }

  /**
   * What is wrong with {@code c} as changes to chain {@code pathId} (PUT). Two different chunk
   * sizes are checked against the stored one ({@link ChainChanges#chunkSize(int)}).
   */
  public List<Violation> forUpdate(long pathId, ChainChanges c) {
    List<Violation> out = new ArrayList<>();
    if (c.chainId() != null && c.chainId() != pathId) {
      out.add(Violation.body("chain_id", "must equal the chain id in the path (" + pathId + ")"));
    }
    check(c, out);
    return out;
  }

  /** What is wrong with a chain's settings once resolved: too many URLs after merging. */
  public List<Violation> forSettings(ChainSettings settings) {
    if (settings.rpcUrls().size() > MAX_RPC_URLS) {
      return List.of(
          Violation.body("rpc_urls", "must hold at most " + MAX_RPC_URLS + " distinct RPC URLs"));
    }
    return List.of();
  }

  private void check(ChainChanges c, List<Violation> out) {
    if (c.chainId() != null && c.chainId() < 1) {
      out.add(Violation.body("chain_id", "must be at least 1"));
    }
    if (c.name() != null) {
      name(c.name(), out);
    }
    if (c.historicalRpcUrl() != null) {
      url("historical_rpc_url", c.historicalRpcUrl(), RPC_SCHEMES, out);
    }
    if (c.rpcUrls() != null) {
      if (c.rpcUrls().isEmpty() && c.historicalRpcUrl() == null) {
        out.add(Violation.body("rpc_urls", "must hold at least one RPC URL"));
      }
      if (c.rpcUrls().size() > MAX_RPC_URLS) {
        out.add(Violation.body("rpc_urls", "must hold at most " + MAX_RPC_URLS + " RPC URLs"));
      }
      for (int i = 0; i < c.rpcUrls().size(); i++) {
        url("rpc_urls[" + i + "]", c.rpcUrls().get(i), RPC_SCHEMES, out);
      }
    }
    if (c.liveWebsocketUrl() != null && !c.liveWebsocketUrl().isEmpty()) {
      url("live_websocket_url", c.liveWebsocketUrl(), WEBSOCKET_SCHEMES, out);
    }
    for (IngestionSetting setting : IngestionSetting.values()) {
      if (setting == IngestionSetting.HISTORICAL_MAX_CHUNK_SIZE
          && c.maxBlocksPerRequest() != null) {
        // The older shape's name of historical_max_chunk_size: the same range.
        setting
            .violation(c.maxBlocksPerRequest())
            .ifPresent(m -> out.add(Violation.body("max_blocks_per_request", m)));
      }
      Object sent = c.ingestion().get(setting);
      if (sent != null) {
        setting.violation(sent).ifPresent(m -> out.add(Violation.body(setting.field(), m)));
      }
    }
  }

  private static void name(String name, List<Violation> out) {
    if (name.isBlank()) {
      out.add(Violation.body("name", "must not be blank"));
    } else if (name.length() > MAX_NAME_LENGTH) {
      out.add(Violation.body("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
    } else if (name.chars().anyMatch(Character::isISOControl)) {
      out.add(Violation.body("name", "must not contain control characters"));
    }
  }

  private static void url(String field, String url, Set<String> schemes, List<Violation> out) {
    String expected = schemes.contains("http") ? "http or https" : "ws or wss";
    if (url.isBlank()) {
      out.add(Violation.body(field, "must not be blank"));
      return;
    }
    if (url.length() > MAX_URL_LENGTH) {
      out.add(Violation.body(field, "must be at most " + MAX_URL_LENGTH + " characters"));
      return;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      out.add(Violation.body(field, "must be a valid absolute " + expected + " URL"));
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !schemes.contains(scheme)) {
      out.add(Violation.body(field, "must be an absolute " + expected + " URL"));
    } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
      out.add(Violation.body(field, "must name a host"));
    }
  }
}
