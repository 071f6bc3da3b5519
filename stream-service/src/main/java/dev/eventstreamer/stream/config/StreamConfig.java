package dev.eventstreamer.stream.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The service's own settings, under {@code stream.}. */
@ConfigMapping(prefix = "stream")
public interface StreamConfig {

  /** chain-config-service: its JSON-RPC gateway (all chain reads) and its chain listing. */
  ChainConfig chainConfig();

  /** subscription-service: its listing rebuilds the subscription projection at start. */
  SubscriptionService subscriptionService();

  /** How logs get from the chains into the log. */
  Ingest ingest();

  /** The event log. */
  Log log();

  /** Streaming delivery: connections, batches, acks, heartbeats. */
  Delivery delivery();

  /** The keys resume tokens and batch ids are signed with. */
  Resume resume();

  /**
   * Whether the projections are rebuilt at start from chain-config-service's and
   * subscription-service's listings (besides the channels).
   */
  @WithDefault("true")
  boolean rebuildAtStart();

  /** How long consumed CloudEvent ids are remembered for deduplication. */
  @WithDefault("7d")
  Duration processedEventRetention();

  /** chain-config-service. */
  interface ChainConfig {
    @WithDefault("http://127.0.0.1:8083")
    String url();

    /** Longest wait for one JSON-RPC call through the gateway. */
    @WithDefault("30s")
    Duration rpcTimeout();

    /** HTTP connections to the gateway. */
    @WithDefault("16")
    int maxConnections();

    /**
     * A service key of chain-config-service ({@code chain-config.auth.service-keys}), when its API
     * keys are on: sent on every JSON-RPC call, on the new-heads WebSocket and on the chain
     * listing.
     */
    Optional<String> apiKey();
  }

  /** API keys on the streaming service's routes. */
  Auth auth();

  /** API keys (subscription-service's). */
  interface Auth {
    /**
     * Whether the routes under /subscriptions and /stream ask for an API key: a header ({@code
     * Authorization: Bearer} or {@code X-API-Key}), or on a stream's GET also {@code ?api_key=},
     * since the published client sends no headers there.
     */
    @WithDefault("false")
    boolean enabled();

    /** How long subscription-service's answer for a key and subscription is reused. */
    @WithDefault("30s")
    Duration cacheTtl();
  }

  /** subscription-service. */
  interface SubscriptionService {
    @WithDefault("http://127.0.0.1:8081")
    String url();

    /**
     * The admin key, when subscription-service runs with API keys on: listing every subscriber's
     * subscriptions needs it.
     */
    Optional<String> apiKey();
  }

  /** Ingestion. */
  interface Ingest {
    /** Whether this replica ingests at all (a replica may only serve streams). */
    @WithDefault("true")
    boolean enabled();

    /** How often the supervisor looks for work nobody holds (events also wake it). */
    @WithDefault("2s")
    Duration scanInterval();

    /** A lease not renewed within this is free for another replica. */
    @WithDefault("15s")
    Duration leasePeriod();

    /** Backfills running at once in this replica. */
    @WithDefault("4")
    int maxBackfills();

    /** eth_getLogs calls of one backfill in flight at once, at most (the chain may say fewer). */
    @WithDefault("4")
    int maxConcurrentRanges();

    /**
     * Logs a backfill aims at per eth_getLogs once it has seen how dense the logs are: large enough
     * that calls are few, small enough that answers stay a few MB and overlap with appending.
     */
    @WithDefault("3000")
    int targetLogsPerCall();

    /** Addresses per eth_getLogs call; a subscription with more is fetched in several calls. */
    @WithDefault("50")
    int addressesPerCall();

    /**
     * Backfill stops this many blocks behind the head (and never above the safe head); the live
     * follower, which checks every block's parent hash, takes the rest. Deeper than any reorg.
     */
    @WithDefault("64")
    int finalityDepth();

    /** Near the head the follower takes at most this many blocks per round, one by one. */
    @WithDefault("32")
    int liveBlocksPerRound();

    /** Shortest pause between two looks at the head, whatever the chain's block time. */
    @WithDefault("200ms")
    Duration minPollInterval();

    /**
     * Longest pause between two looks at the head; also the pause while a chain's new heads come
     * over its WebSocket (a look then only guards against a head the socket missed).
     */
    @WithDefault("15s")
    Duration maxPollInterval();

    /** Wait before opening a chain's new-heads WebSocket again after it closed or failed. */
    @WithDefault("5s")
    Duration newHeadsReconnectDelay();

    /** First wait after a failed call (rate limit, open breaker, unreachable), then doubling. */
    @WithDefault("500ms")
    Duration initialBackoff();

    /** Longest wait between retries. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** Block headers kept in memory per chain for block times and hashes. */
    @WithDefault("20000")
    int headerCacheSize();

    /** Headers asked for in one JSON-RPC batch. */
    @WithDefault("100")
    int headersPerBatch();

    /** Progress events: at most one per subscription per this interval. */
    @WithDefault("1s")
    Duration progressInterval();
  }

  /** The event log. */
  interface Log {
    /** Acknowledged events are deleted once they are this old. */
    @WithDefault("7d")
    Duration retention();

    /** How often retention runs. */
    @WithDefault("1h")
    Duration retentionInterval();

    /**
     * Whether this replica publishes the log on chain-events (off where nothing consumes them; the
     * log is complete either way and publishing resumes where it stopped when turned on).
     */
    @WithDefault("true")
    boolean publish();

    /** Events of a subscription published on chain-events at once (at most 4096). */
    @WithDefault("1000")
    int publishBatchSize();
  }

  /** Streaming delivery. */
  interface Delivery {
    /** A heartbeat message on every stream this often. */
    @WithDefault("15s")
    Duration heartbeatInterval();

    /**
     * A connection without a client heartbeat, ack or read for this long is closed (the published
     * client sends a heartbeat every 30 s).
     */
    @WithDefault("90s")
    Duration connectionTimeout();

    /** Acks on a closed connection are honoured this long (the client's last acks come late). */
    @WithDefault("60s")
    Duration ackGrace();

    /**
     * Largest batch message in bytes (the published client's line reader rejects lines over 128
     * KiB); a single larger event still goes alone.
     */
    @WithDefault("65536")
    int maxBatchBytes();

    /** Most events in one batch. */
    @WithDefault("1000")
    int maxBatchEvents();

    /**
     * Events sent and not acknowledged at most per connection: the flow-control window, sized so a
     * client acknowledging every 3 s keeps streaming at full speed. Costs no memory: batches are
     * read again from the log when redelivered.
     */
    @WithDefault("1000000")
    long maxUnackedEvents();

    /** What a second connection to a subscription does: take-over (close the first) or reject. */
    @WithDefault("take-over")
    SecondConnection secondConnection();

    enum SecondConnection {
      TAKE_OVER,
      REJECT
    }
  }

  /** Resume token and batch id keys. */
  interface Resume {
    /**
     * Secrets by key id, base64, at least 32 bytes each ({@code stream.resume.keys.<id>}); none: a
     * key made once and kept in the database, shared by every replica.
     */
    Map<String, String> keys();

    /** The key id new tokens are signed with (needed when keys are configured). */
    Optional<String> activeKey();
  }
}
