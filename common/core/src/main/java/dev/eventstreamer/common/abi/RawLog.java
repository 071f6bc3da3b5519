package dev.eventstreamer.common.abi;

import java.util.List;

/**
 * A log in bytes (e.g. read from storage); position fields may be null and are then emitted as
 * null. The arrays are not copied: do not change them while decoding.
 */
public record RawLog(
    byte[] address,
    List<byte[]> topics,
    byte[] data,
    Long blockNumber,
    byte[] blockHash,
    byte[] transactionHash,
    Long transactionIndex,
    Long logIndex,
    Boolean removed) {

  /** A log with only what decoding needs; position fields null. */
  public static RawLog of(List<byte[]> topics, byte[] data) {
    return new RawLog(null, topics, data, null, null, null, null, null, null);
  }
}
