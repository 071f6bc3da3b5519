package dev.eventstreamer.common.abi;

import dev.eventstreamer.common.abi.AbiException.Kind;
import dev.eventstreamer.common.abi.impl.Checksums;
import dev.eventstreamer.common.abi.impl.EventCodec;
import dev.eventstreamer.common.abi.impl.Hex;
import java.util.List;
import java.util.Map;

/**
 * Decodes logs of one event into ordered, JSON-ready maps: the parameters by {@link
 * AbiParameter#fieldName()} in input order, then the {@link LogFields position fields}. Built once
 * per event (see {@link Abi#decoder}), immutable and thread-safe.
 *
 * <p>Values: integers up to 48 bits as {@code Integer}/{@code Long}, wider ones as decimal strings;
 * addresses EIP-55; bytes and bytesN as 0x lowercase hex; bool as Boolean; string as String; tuples
 * as maps by component name; arrays as lists; indexed strings, bytes, arrays and tuples as their
 * 32-byte topic in hex. Position fields: {@code block_number}, {@code transaction_index}, {@code
 * log_index} as numbers, hashes as 0x lowercase hex, {@code address} EIP-55, {@code removed}
 * boolean; absent ones are null. The map is the caller's to extend (e.g. with {@code timestamp}).
 */
public final class LogDecoder {

  private final EventCodec codec;

  LogDecoder(EventCodec codec) {
    this.codec = codec;
  }

  public AbiEvent event() {
    return codec.event();
  }

  /** Decodes a log as {@code eth_getLogs} returns it. */
  public Map<String, Object> decode(RpcLog log) throws AbiException {
    if (log == null) {
      throw new AbiException(Kind.INVALID_LOG, "", "no log");
    }
    List<String> topicList = log.topics();
    if (topicList == null) {
      throw new AbiException(Kind.INVALID_LOG, "topics", "missing");
    }
    codec.checkTopicCount(topicList.size());
    Map<String, Object> out = codec.decodeHex(topicList, log.data());
    EventCodec.position(
        out,
        log.blockNumber() == null ? null : Hex.quantity(log.blockNumber(), LogFields.BLOCK_NUMBER),
        log.blockHash() == null
            ? null
            : Hex.normalizeFixed(log.blockHash(), 32, LogFields.BLOCK_HASH),
        log.transactionHash() == null
            ? null
            : Hex.normalizeFixed(log.transactionHash(), 32, LogFields.TRANSACTION_HASH),
        log.transactionIndex() == null
            ? null
            : Hex.quantity(log.transactionIndex(), LogFields.TRANSACTION_INDEX),
        log.logIndex() == null ? null : Hex.quantity(log.logIndex(), LogFields.LOG_INDEX),
        log.address() == null ? null : codec.emitter(log.address(), LogFields.ADDRESS),
        log.removed());
    return out;
  }

  /** Decodes a log given in bytes. */
  public Map<String, Object> decode(RawLog log) throws AbiException {
    if (log == null) {
      throw new AbiException(Kind.INVALID_LOG, "", "no log");
    }
    if (log.topics() == null) {
      throw new AbiException(Kind.INVALID_LOG, "topics", "missing");
    }
    codec.checkTopicCount(log.topics().size());
    Map<String, Object> out = codec.decode(log.topics().toArray(new byte[0][]), log.data());
    EventCodec.position(
        out,
        log.blockNumber(),
        fixed(log.blockHash(), 32, LogFields.BLOCK_HASH),
        fixed(log.transactionHash(), 32, LogFields.TRANSACTION_HASH),
        log.transactionIndex(),
        log.logIndex(),
        log.address() == null
            ? null
            : Checksums.ofLowerHex(fixed(log.address(), 20, LogFields.ADDRESS)),
        log.removed());
    return out;
  }

  private static String fixed(byte[] bytes, int size, String path) throws AbiException {
    if (bytes == null) {
      return null;
    }
    if (bytes.length != size) {
      throw new AbiException(
          Kind.INVALID_LOG, path, "expected " + size + " bytes but got " + bytes.length);
    }
    return Hex.encode(bytes);
  }
}
