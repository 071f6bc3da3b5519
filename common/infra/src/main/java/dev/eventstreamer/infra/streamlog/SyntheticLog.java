package dev.eventstreamer.infra.streamlog;

/**
 * SQL that fills stream-service's database as ingestion would, without a chain: subscriptions whose
 * ingestion is over (so no worker touches them) and Transfer-shaped events of about 600 bytes in
 * their logs. For what measures or tests delivery alone, where ingesting the events from a node
 * first would only cost minutes. Each event's payload carries its seq as {@code test_seq}, so a
 * reader can check order and time each one.
 */
public final class SyntheticLog {

  private static final String TRANSFER_TOPIC =
      "'0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'";

  private SyntheticLog() {}

  /** Subscriptions {@code first..last} (ids), completed, with empty logs. */
  public static String subscriptions(long first, long last) {
    return "insert into subscription (id, chain_id, topic0, event_signature, addresses,"
        + " start_block, subscriber_id, source_updated_at, status, next_block, last_seq)"
        + " select s, 31337, "
        + TRANSFER_TOPIC
        + ", '{}', '{}', 0, 'synthetic', now(), 'completed', 0, 0 from generate_series("
        + first
        + ", "
        + last
        + ") s";
  }

  /** Events {@code fromSeq..toSeq} in the logs of subscriptions {@code first..last}. */
  public static String events(long first, long last, long fromSeq, long toSeq) {
    return "insert into event_log (subscription_id, seq, block_number, log_index, block_hash,"
        + " transaction_hash, event_name, event_id, block_time, payload, topics, data)"
        + " select s, g, g / 10 + 1, g % 10, '0x' || md5(g::text) || md5((g / 10)::text),"
        + " '0x' || md5((g + 1)::text) || md5(g::text), 'Transfer', md5(s || ':' || g)::uuid,"
        + " now(), json_build_object('from', '0x' || substr(md5((g * 7)::text), 1, 40),"
        + " 'to', '0x' || substr(md5((g * 13)::text), 1, 40), 'value', (g * 1000)::text,"
        + " 'block_number', g / 10 + 1, 'transaction_hash', '0x' || md5((g + 1)::text) ||"
        + " md5(g::text), 'log_index', g % 10,"
        + " 'address', '0x5fbdb2315678afecb367f032d93f642f64180aa3',"
        + " 'timestamp', to_char(now() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
        + " 'block_hash', '0x' || md5(g::text) || md5((g / 10)::text), 'removed', false,"
        + " 'chain_id', 31337, 'event_id', md5(s || ':' || g)::uuid::text, 'test_seq', g),"
        + " "
        + TRANSFER_TOPIC
        + ", '0x00' from generate_series("
        + first
        + ", "
        + last
        + ") s, generate_series("
        + fromSeq
        + ", "
        + toSeq
        + ") g";
  }

  /**
   * The subscriptions' {@code last_seq} set to {@code seq} and one NOTIFY each, as ingestion's
   * append does in its transaction (the streams of them wake).
   */
  public static String appended(long first, long last, long seq) {
    return "with s as (update subscription set last_seq = "
        + seq
        + " where id between "
        + first
        + " and "
        + last
        + " returning id) select count(pg_notify('event_log_appended', id || ':"
        + seq
        + "')) from s";
  }
}
