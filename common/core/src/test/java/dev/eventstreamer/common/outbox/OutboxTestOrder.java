package dev.eventstreamer.common.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A Panache entity written in the same transaction as an outbox row. */
@Entity
@Table(name = "outbox_test_order")
public class OutboxTestOrder extends PanacheEntityBase {

  @Id public UUID id;

  public String note;
}
