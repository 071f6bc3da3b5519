package dev.eventstreamer.subscription.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored subscription; the API never sees this class, only {@code SubscriptionResponse}. */
@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String topic0;

  /** The validated event ABI as JSON text. */
  @Column(name = "event_signature")
  public String eventSignature;

  /** JSON array of lowercase 0x addresses. */
  public String addresses;

  @Column(name = "start_block")
  public long startBlock;

  @Column(name = "end_block")
  public Long endBlock;

  @Column(name = "chain_id")
  public long chainId;

  @Column(name = "subscriber_id")
  public String subscriberId;

  @Column(name = "last_processed_block")
  public Long lastProcessedBlock;

  @Column(name = "is_streaming")
  public boolean streaming;

  @Column(name = "streaming_status")
  public String streamingStatus;

  @Column(name = "resume_token")
  public String resumeToken;

  @Column(name = "last_event_id")
  public String lastEventId;

  @Column(name = "events_delivered")
  public long eventsDelivered;

  @Column(name = "progress_at")
  public Instant progressAt;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  /** True once stream-service has started on it: its event definition is then fixed. */
  public boolean streamingStarted() {
    return streaming || !SubscriptionDefaults.IDLE.equals(streamingStatus);
  }
}
