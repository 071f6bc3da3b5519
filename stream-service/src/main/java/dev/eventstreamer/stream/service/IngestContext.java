package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.client.ChainRpc;
import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.ChainBlockRepository;
import dev.eventstreamer.stream.repository.ChainRepository;
import dev.eventstreamer.stream.repository.SubscriptionRepository;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the ingestion workers share: settings, the chain reads (with the ranges learned per
 * endpoint), the projection, the appender, progress and meters, and the threads range fetches run
 * on.
 */
// A singleton, not application scoped: workers read its fields, which a client proxy would not
// have.
@Singleton
public class IngestContext {

  final StreamConfig.Ingest config;
  final Duration callTimeout;
  final ChainRpc rpc;
  final LogFetcher fetcher;
  final BlockHeaders headers;
  final SubscriptionRepository subscriptions;
  final ChainRepository chains;
  final ChainBlockRepository blocks;
  final LogAppender appender;
  final ReorgHandler reorgs;
  final ProgressTracker progress;
  final IngestMetrics metrics;
  final NewHeads heads;
  final ExecutorService fetchPool;

  IngestContext(
      StreamConfig config,
      ChainRpc rpc,
      LogFetcher fetcher,
      BlockHeaders headers,
      SubscriptionRepository subscriptions,
      ChainRepository chains,
      ChainBlockRepository blocks,
      LogAppender appender,
      ReorgHandler reorgs,
      ProgressTracker progress,
      IngestMetrics metrics,
      NewHeads heads) {
    this.config = config.ingest();
    this.callTimeout = callTimeout(config);
    this.rpc = rpc;
    this.fetcher = fetcher;
    this.headers = headers;
    this.subscriptions = subscriptions;
    this.chains = chains;
    this.blocks = blocks;
    this.appender = appender;
    this.reorgs = reorgs;
    this.progress = progress;
    this.metrics = metrics;
    this.heads = heads;
    this.fetchPool =
        Executors.newFixedThreadPool(
            Math.max(2, this.config.maxBackfills() * this.config.maxConcurrentRanges()),
            named("ingest-fetch"));
  }

  /** The longest wait for one call through the gateway, the gateway's own timeout included. */
  static Duration callTimeout(StreamConfig config) {
    return config.chainConfig().rpcTimeout().plusSeconds(5);
  }

  @PreDestroy
  void close() {
    fetchPool.shutdownNow();
  }

  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
