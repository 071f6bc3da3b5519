package dev.eventstreamer.chainconfig.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
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

  /**
   * The ingestion settings by JSON field (see {@code IngestionSetting}); a document stored before a
   * setting existed lacks it and reads as its default.
   */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "ingestion", columnDefinition = "jsonb")
  public Map<String, Object> ingestion;

  @Column(name = "is_active")
  public boolean active;

  /** Bumped by every change; events carry it so consumers can drop an older state. */
  public long version;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
