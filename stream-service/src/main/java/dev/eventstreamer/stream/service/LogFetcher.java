package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.client.ChainLog;
import dev.eventstreamer.stream.client.ChainRpc;
import dev.eventstreamer.stream.client.GatewayException;
import dev.eventstreamer.stream.client.LogFilter;
import dev.eventstreamer.stream.client.LogsAnswer;
import dev.eventstreamer.stream.client.RangeAdvice;
import dev.eventstreamer.stream.client.RangeErrors;
import dev.eventstreamer.stream.client.RangeLimits;
import dev.eventstreamer.stream.client.RpcErrorException;
import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.EndpointRangeRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fetches the logs of a block range through the gateway, shrinking the range as the provider asks
 * (its suggested range at once, a stated cap kept, halving otherwise) and waiting out rate limits
 * and open breakers without shrinking. A subscription with many addresses is fetched in several
 * calls over the same range. Blocking: called from ingestion's worker threads.
 */
@ApplicationScoped
public class LogFetcher {

  /** The logs of blocks {@code from..to}, ordered by block and log index. */
  record Fetched(long from, long to, List<ChainLog> logs) {}

  private static final Comparator<ChainLog> ORDER =
      Comparator.comparingLong(ChainLog::blockNumber).thenComparingLong(ChainLog::logIndex);

  private final ChainRpc rpc;
  private final RangeLimits limits;
  private final int addressesPerCall;
  private final Duration callTimeout;
  private final IngestMetrics metrics;

  private final EndpointRangeRepository endpointRanges;

  LogFetcher(
      ChainRpc rpc,
      StreamConfig config,
      IngestMetrics metrics,
      EndpointRangeRepository endpointRanges) {
    this.rpc = rpc;
    this.addressesPerCall = Math.max(1, config.ingest().addressesPerCall());
    this.callTimeout = IngestContext.callTimeout(config);
    this.metrics = metrics;
    this.endpointRanges = endpointRanges;
    this.limits = new RangeLimits(this::keep);
  }

  /** Caps endpoints confirmed before (another replica, an earlier run): start from them. */
  void restoreCaps() {
    try {
      endpointRanges
          .all()
          .await()
          .atMost(callTimeout)
          .forEach(c -> limits.restore(c.chainId(), c.endpoint(), c.cap()));
    } catch (RuntimeException e) {
      Log.warnf("Confirmed eth_getLogs caps not read (%s); they are learned again", e);
    }
  }

  /** The range to plan the next call of {@code chainId} with. */
  long nextRange(long chainId, long chainMax) {
    return limits.next(chainId, chainMax);
  }

  private void keep(long chainId, String endpoint, long cap) {
    Log.infof("Chain %d: %s takes at most %d blocks per eth_getLogs", chainId, endpoint, cap);
    endpointRanges
        .save(chainId, endpoint, cap)
        .subscribe()
        .with(
            ok -> {},
            failure -> Log.warnf("Chain %d: cap of %s not stored: %s", chainId, endpoint, failure));
  }

  /**
   * Fetches logs from {@code filter}'s first block up to at most its last one; the answer says how
   * far it got (less when the provider wanted a smaller range).
   *
   * @param chainMax the chain's widest range, to grow towards after successes
   */
  Fetched fetch(long chainId, long chainMax, LogFilter filter, Pacer pacer) {
    long from = filter.fromBlock();
    long to = filter.toBlock();
    List<List<String>> chunks = chunks(filter.addresses());
    List<ChainLog> logs = new ArrayList<>();
    int chunk = 0;
    while (chunk < chunks.size()) {
      pacer.checkRunning();
      LogFilter call = LogFilter.range(from, to, chunks.get(chunk), filter.topic0s());
      long blocks = to - from + 1;
      try {
        LogsAnswer answer = rpc.logs(chainId, call).await().atMost(callTimeout);
        limits.answered(chainId, answer.endpoint(), blocks, chainMax);
        metrics.getLogsRange(chainId, answer.endpoint(), blocks);
        logs.addAll(answer.logs());
        pacer.reset();
        chunk++;
      } catch (RpcErrorException e) {
        RangeAdvice advice = RangeErrors.advise(e.error(), from, to);
        if (advice.aboutRange()) {
          if (blocks == 1) {
            throw new IngestException(
                "chain "
                    + chainId
                    + ": even one block ("
                    + from
                    + ") is refused as too large: "
                    + e.error().describe());
          }
          long next = limits.refused(chainId, e.error().endpoint(), blocks, advice);
          Log.debugf(
              "Chain %d: %s refused %d blocks (%s), asking for %d",
              chainId, e.error().endpoint(), blocks, advice.kind(), next);
          metrics.rangeRefused(chainId, e.error().endpoint(), advice.kind());
          long newTo = from + next - 1;
          // Chunks already fetched covered more: keep what the smaller range covers.
          logs.removeIf(l -> l.blockNumber() > newTo);
          to = newTo;
        } else if (advice.kind() == RangeAdvice.Kind.RATE_LIMITED) {
          Log.debugf("Chain %d: rate limited (%s), waiting", chainId, e.error().describe());
          metrics.rateLimited(chainId);
          pacer.backOff(e);
        } else {
          throw e;
        }
      } catch (GatewayException | TimeoutException e) {
        if (!Pacer.transientFailure(e)) {
          throw e;
        }
        if (e instanceof GatewayException g && g.kind() == GatewayException.Kind.RATE_LIMITED) {
          metrics.rateLimited(chainId);
        }
        Log.debugf("Chain %d: eth_getLogs %d..%d: %s, waiting", chainId, from, to, e.getMessage());
        pacer.backOff(e);
      }
    }
    if (chunks.size() > 1) {
      logs.sort(ORDER);
    }
    return new Fetched(from, to, logs);
  }

  private List<List<String>> chunks(List<String> addresses) {
    if (addresses.size() <= addressesPerCall) {
      return List.of(addresses);
    }
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i += addressesPerCall) {
      chunks.add(addresses.subList(i, Math.min(addresses.size(), i + addressesPerCall)));
    }
    return chunks;
  }
}
