package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.Subscription;
import dev.eventstreamer.stream.client.RangeAdvice;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingestion's meters: blocks and logs per chain (rates in Prometheus), lag to the head per chain
 * and per subscription, the eth_getLogs range per endpoint, refusals, rate limits and reorgs.
 */
@ApplicationScoped
public class IngestMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

  IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void appended(Subscription s, int events, int undecodable, long blocks) {
    Tags chain = Tags.of("chain_id", Long.toString(s.chainId()));
    Counter.builder("stream_ingest_events_total")
        .description("Events appended to subscriptions' logs")
        .tags(chain)
        .register(registry)
        .increment(events);
    if (undecodable > 0) {
      Counter.builder("stream_ingest_undecodable_logs_total")
          .description("Logs that matched a subscription's filter but not its event ABI")
          .tags(chain)
          .register(registry)
          .increment(undecodable);
    }
    Counter.builder("stream_ingest_subscription_blocks_total")
        .description("Blocks ingested, summed over subscriptions")
        .tags(chain)
        .register(registry)
        .increment(blocks);
  }

  /** The follower (or a backfill) has taken a chain's blocks up to {@code block}. */
  void chainBlocks(long chainId, long blocks) {
    Counter.builder("stream_ingest_blocks_total")
        .description("Blocks the live follower verified and ingested")
        .tags("chain_id", Long.toString(chainId))
        .register(registry)
        .increment(blocks);
  }

  void chainLag(long chainId, long blocks) {
    gauge(
            "stream_ingest_chain_lag_blocks",
            "Blocks between the chain's head and what is ingested",
            Tags.of("chain_id", Long.toString(chainId)))
        .set(blocks);
  }

  void subscriptionLag(Subscription s, long head) {
    gauge(
            "stream_ingest_subscription_lag_blocks",
            "Blocks between the chain's head and a subscription's ingestion",
            Tags.of(
                "chain_id", Long.toString(s.chainId()), "subscription_id", Long.toString(s.id())))
        .set(Math.max(0, head - s.nextBlock() + 1));
  }

  void getLogsRange(long chainId, String endpoint, long blocks) {
    DistributionSummary.builder("stream_getlogs_range_blocks")
        .description("Blocks per eth_getLogs that an endpoint answered")
        .tags("chain_id", Long.toString(chainId), "endpoint", endpoint == null ? "" : endpoint)
        .register(registry)
        .record(blocks);
  }

  void rangeRefused(long chainId, String endpoint, RangeAdvice.Kind kind) {
    Counter.builder("stream_getlogs_refused_total")
        .description("eth_getLogs an endpoint refused as too wide, by what it said")
        .tags(
            "chain_id",
            Long.toString(chainId),
            "endpoint",
            endpoint == null ? "" : endpoint,
            "advice",
            kind.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  void rateLimited(long chainId) {
    Counter.builder("stream_rpc_rate_limited_total")
        .description("Calls answered with a rate limit")
        .tags("chain_id", Long.toString(chainId))
        .register(registry)
        .increment();
  }

  void reorg(long chainId, long depth, int removedEvents) {
    Tags chain = Tags.of("chain_id", Long.toString(chainId));
    Counter.builder("stream_reorgs_total")
        .description("Reorgs the live follower saw")
        .tags(chain)
        .register(registry)
        .increment();
    Counter.builder("stream_reorg_removed_events_total")
        .description("Removal events appended for logs of orphaned blocks")
        .tags(chain)
        .register(registry)
        .increment(removedEvents);
    gauge("stream_reorg_last_depth_blocks", "Depth of the last reorg", chain).set(depth);
  }

  private AtomicLong gauge(String name, String description, Tags tags) {
    String key = name + tags;
    return gauges.computeIfAbsent(
        key,
        k -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::doubleValue)
              .description(description)
              .tags(tags)
              .register(registry);
          return value;
        });
  }
}
