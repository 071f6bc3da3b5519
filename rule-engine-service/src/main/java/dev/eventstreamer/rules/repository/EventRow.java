package dev.eventstreamer.rules.repository;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A collected event ({@code sk} {@value #EVENT}) or a correlation ({@code discriminator} {@value
 * #CORREL}) of the rules' event store, laid out as aws-lambda-stream's.
 *
 * @param data the correlation key a collected event was stored under
 * @param ttl epoch seconds, or null
 * @param expire true or the type of the expiry event, or null
 * @param event the unit of work's event as it was collected
 * @param seq the insertion order, null before the row is stored
 */
public record EventRow(
    String pk,
    String sk,
    String discriminator,
    String data,
    Long ttl,
    JsonNode expire,
    Long timestamp,
    String suffix,
    String ruleId,
    JsonNode event,
    Long seq) {

  public static final String EVENT = "EVENT";
  public static final String CORREL = "CORREL";

  /** This row as stored at {@code seq}. */
  public EventRow withSeq(long seq) {
    return new EventRow(
        pk, sk, discriminator, data, ttl, expire, timestamp, suffix, ruleId, event, seq);
  }
}
