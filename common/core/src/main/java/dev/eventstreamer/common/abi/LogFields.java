package dev.eventstreamer.common.abi;

import java.util.Set;

/**
 * Keys of the position fields in a decoded log, next to the event's parameters.
 *
 * <p>A top-level event input whose name is one of {@link #RESERVED} is emitted with a leading
 * underscore (more if that name is taken too), so the position fields clients read keep their
 * meaning and no parameter is lost; {@link AbiParameter#fieldName()} tells the key.
 */
public final class LogFields {

  public static final String BLOCK_NUMBER = "block_number";
  public static final String BLOCK_HASH = "block_hash";
  public static final String TRANSACTION_HASH = "transaction_hash";
  public static final String TRANSACTION_INDEX = "transaction_index";
  public static final String LOG_INDEX = "log_index";
  public static final String ADDRESS = "address";
  public static final String REMOVED = "removed";
  // Added by stream-service when it delivers an event; reserved so a parameter never hides them.
  public static final String TIMESTAMP = "timestamp";
  public static final String CHAIN_ID = "chain_id";
  public static final String EVENT_ID = "event_id";
  // Added by stream-service so the rules (and clients) know the event and whose it is.
  public static final String EVENT_NAME = "event_name";
  public static final String SUBSCRIPTION_ID = "subscription_id";
  public static final String SUBSCRIBER_ID = "subscriber_id";

  /** Names a top-level parameter cannot have in a decoded log. */
  public static final Set<String> RESERVED =
      Set.of(
          BLOCK_NUMBER,
          BLOCK_HASH,
          TRANSACTION_HASH,
          TRANSACTION_INDEX,
          LOG_INDEX,
          ADDRESS,
          REMOVED,
          TIMESTAMP,
          CHAIN_ID,
          EVENT_ID,
          EVENT_NAME,
          SUBSCRIPTION_ID,
          SUBSCRIBER_ID);

  private LogFields() {}
}
