package dev.eventstreamer.common.outbox.impl;

import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;

/** A pending outbox row as the relay reads it. */
record OutboxRow(
    long id,
    String eventId,
    String channel,
    String key,
    String type,
    String source,
    String subject,
    String data,
    String correlationId,
    OffsetDateTime createdAt,
    int attempts) {

  static final String COLUMNS =
      "o.id, o.event_id, o.channel, o.key, o.type, o.source, o.subject, o.data::text,"
          + " o.correlation_id, coalesce(o.event_time, o.created_at), o.attempts";

  static OutboxRow of(Row row) {
    return new OutboxRow(
        row.getLong(0),
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        row.getString(6),
        row.getString(7),
        row.getString(8),
        row.getOffsetDateTime(9),
        row.getInteger(10));
  }

  /** The ordering unit: rows of one channel and key are published one after the other. */
  String orderingKey() {
    return channel + '\u0000' + key;
  }
}
