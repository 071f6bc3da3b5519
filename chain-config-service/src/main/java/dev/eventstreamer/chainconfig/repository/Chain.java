package dev.eventstreamer.chainconfig.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of the chain registry; kept when deactivated so a later POST can reactivate it. */
@Entity
@Table(name = "chains")
public class Chain extends PanacheEntityBase {

  @Id
  @Column(name = "chain_id")
  public Long chainId;

  public String name;

  /** Primary first; the gateway reads this column as it is. */
  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "rpc_urls", columnDefinition = "text[]")
  public String[] rpcUrls;

  @Column(name = "websocket_url")
  public String websocketUrl;

  @Column(name = "average_block_time")
  public double averageBlockTime;

  @Column(name = "confirmation_blocks")
  public int confirmationBlocks;

  @Column(name = "historical_max_chunk_size")
  public int historicalMaxChunkSize;

  @Column(name = "historical_max_retries")
  public int historicalMaxRetries;

  @Column(name = "historical_max_concurrent")
  public int historicalMaxConcurrent;

  @Column(name = "historical_progress_interval")
  public int historicalProgressInterval;

  @Column(name = "live_max_retries")
  public int liveMaxRetries;

  @Column(name = "live_retry_delay")
  public int liveRetryDelay;

  @Column(name = "live_reconnect_delay")
  public int liveReconnectDelay;

  @Column(name = "live_enable_gap_detection")
  public boolean liveEnableGapDetection;

  @Column(name = "live_max_gap_size")
  public int liveMaxGapSize;

  @Column(name = "live_block_check_interval")
  public int liveBlockCheckInterval;

  @Column(name = "live_gap_fill_chunk_size")
  public int liveGapFillChunkSize;

  @Column(name = "is_active")
  public boolean active;

  /** Bumped by every change; events carry it so consumers can drop an older state. */
  public long version;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
