package dev.eventstreamer.common.abi.impl;

import com.esaulpaugh.headlong.abi.ABIType;
import com.esaulpaugh.headlong.abi.Event;
import com.esaulpaugh.headlong.abi.Tuple;
import com.esaulpaugh.headlong.abi.TupleType;
import dev.eventstreamer.common.abi.AbiEvent;
import dev.eventstreamer.common.abi.AbiException;
import dev.eventstreamer.common.abi.AbiException.Kind;
import dev.eventstreamer.common.abi.AbiParameter;
import dev.eventstreamer.common.abi.LogFields;
import java.nio.BufferUnderflowException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One event, compiled for decoding its logs: immutable after construction, so one instance serves
 * every thread.
 */
public final class EventCodec {

  private static final int TOPIC = 32;
  private static final String[] TOPIC_PATHS = {
    "topics[0]", "topics[1]", "topics[2]", "topics[3]", "topics[4]"
  };

  /** Stands for a topic already decoded from its string; never read. */
  private static final byte[] PLACEHOLDER = new byte[TOPIC];

  private final AbiEvent event;
  private final byte[] topic0;
  private final String topic0Hex;

  /** For topic index t: whether it holds an indexed address. */
  private final boolean[] addressTopic;

  private final int topicCount;
  private final int firstTopic;

  private final String[] fieldNames;
  private final TypeNode[] types;

  /** For input i: its topic index if indexed, else -1. */
  private final int[] topicOf;

  /** For input i: its index in the data tuple if not indexed, else -1. */
  private final int[] dataOf;

  /** headlong's type of each input, used for indexed values stored as they are. */
  private final ABIType<?>[] headlongTypes;

  private final TupleType<Tuple> dataType;
  private final TypeNode dataNode;
  private final int mapCapacity;

  /** Whether the data holds only elementary static values, which {@link StaticWords} reads. */
  private final boolean simpleData;

  /**
   * Emitting contracts seen lately, by their address string as given: a subscription watches a few
   * contracts, so most logs skip the hex check and checksum lookup. Racy on purpose, like {@link
   * Checksums}: entries are immutable and a lost update costs a recomputation.
   */
  private final Emitter[] emitters = new Emitter[EMITTERS];

  private static final int EMITTERS = 16;

  private record Emitter(String given, String checksummed) {}

  public EventCodec(EventParser.Parsed parsed) {
    this.event = parsed.event();
    Event<Tuple> headlong = parsed.headlong();
    List<AbiParameter> inputs = event.inputs();
    int n = inputs.size();
    this.fieldNames = new String[n];
    this.types = parsed.types().toArray(new TypeNode[0]);
    this.topicOf = new int[n];
    this.dataOf = new int[n];
    this.headlongTypes = new ABIType<?>[n];
    this.firstTopic = event.anonymous() ? 0 : 1;
    int topic = firstTopic;
    int data = 0;
    int dataCount = n - event.indexedCount();
    TypeNode[] dataTypes = new TypeNode[dataCount];
    String[] dataNames = new String[dataCount];
    for (int i = 0; i < n; i++) {
      AbiParameter p = inputs.get(i);
      fieldNames[i] = p.fieldName();
      headlongTypes[i] = headlong.getInputs().get(i);
      if (p.indexed()) {
        topicOf[i] = topic++;
        dataOf[i] = -1;
      } else {
        topicOf[i] = -1;
        dataOf[i] = data;
        dataTypes[data] = types[i];
        dataNames[data] = p.fieldName();
        data++;
      }
    }
    this.topicCount = topic;
    this.topic0Hex = event.topic0();
    this.topic0 = hexBytes(topic0Hex);
    this.addressTopic = new boolean[topicCount];
    for (int i = 0; i < n; i++) {
      if (topicOf[i] >= 0 && types[i].kind == TypeNode.Kind.ADDRESS) {
        addressTopic[topicOf[i]] = true;
      }
    }
    this.dataType = headlong.getNonIndexedParams();
    this.dataNode = TypeNode.tuple(dataTypes, dataNames);
    // The parameters, the seven position fields and room for what callers add (timestamp...).
    this.mapCapacity = n + 10;
    this.simpleData = StaticWords.handles(dataTypes);
  }

  public AbiEvent event() {
    return event;
  }

  public int topicCount() {
    return topicCount;
  }

  /** Checks the topic count before the topics are read, so a wrong count is the error given. */
  public void checkTopicCount(int count) throws AbiException {
    if (count != topicCount) {
      int indexed = topicCount - firstTopic;
      throw new AbiException(
          Kind.TOPIC_COUNT,
          "topics",
          "event "
              + event.canonicalSignature()
              + " expects "
              + topicCount
              + " topics ("
              + (firstTopic == 1 ? "topic0 and " : "anonymous, ")
              + indexed
              + " indexed) but the log has "
              + count);
    }
  }

  /**
   * Decodes topics given as 0x hex (count already checked) and data. topic0 and indexed addresses
   * in the canonical lowercase form are taken from the strings without a round trip through bytes;
   * everything else goes through {@link #decode(byte[][], byte[], Object[])}.
   */
  public Map<String, Object> decodeHex(List<String> topics, String dataHex) throws AbiException {
    byte[][] raw = new byte[topics.size()][];
    Object[] ready = null;
    for (int i = 0; i < raw.length; i++) {
      String t = topics.get(i);
      String path = i < TOPIC_PATHS.length ? TOPIC_PATHS[i] : "topics[" + i + "]";
      if (t == null) {
        throw new AbiException(Kind.INVALID_TOPIC, path, "missing");
      }
      if (i < firstTopic && t.equals(topic0Hex)) {
        raw[i] = topic0;
        continue;
      }
      if (i < addressTopic.length && addressTopic[i]) {
        String address = Checksums.ofTopic(t);
        if (address != null) {
          if (ready == null) {
            ready = new Object[raw.length];
          }
          ready[i] = address;
          raw[i] = PLACEHOLDER;
          continue;
        }
      }
      raw[i] = Hex.decodeFixed(t, TOPIC, path, Kind.INVALID_TOPIC);
    }
    if (dataHex == null) {
      throw new AbiException(Kind.INVALID_LOG, "data", "missing");
    }
    Object[] values = simpleData ? StaticWords.decode(dataNode.components, dataHex) : null;
    if (values != null) {
      return decode(raw, null, ready, values);
    }
    return decode(raw, Hex.decode(dataHex, "data"), ready, null);
  }

  /** The EIP-55 form of a log's emitting address given as 0x hex (any case). */
  public String emitter(String hex, String path) throws AbiException {
    int len = hex.length();
    int slot =
        len >= 3
            ? (hex.charAt(len - 1) * 961 + hex.charAt(len - 2) * 31 + hex.charAt(len - 3))
                & (EMITTERS - 1)
            : 0;
    Emitter e = emitters[slot];
    if (e != null && hex.equals(e.given)) {
      return e.checksummed;
    }
    String checksummed = Checksums.ofLowerHex(Hex.normalizeFixed(hex, 20, path));
    emitters[slot] = new Emitter(hex, checksummed);
    return checksummed;
  }

  /** Decodes the parameters into a new ordered map, which the caller then completes. */
  public Map<String, Object> decode(byte[][] topics, byte[] data) throws AbiException {
    return decode(topics, data, null, null);
  }

  /**
   * @param ready topics already decoded from their strings, or null
   * @param values data values already decoded by the fast path (then {@code data} is unused)
   */
  private Map<String, Object> decode(byte[][] topics, byte[] data, Object[] ready, Object[] values)
      throws AbiException {
    checkTopicCount(topics.length);
    for (int i = 0; i < topics.length; i++) {
      if (topics[i] == null || topics[i].length != TOPIC) {
        throw new AbiException(
            Kind.INVALID_TOPIC,
            "topics[" + i + "]",
            "a topic is 32 bytes, this one "
                + (topics[i] == null ? "is missing" : "has " + topics[i].length));
      }
    }
    if (firstTopic == 1 && !Arrays.equals(topics[0], topic0)) {
      throw new AbiException(
          Kind.TOPIC0_MISMATCH,
          "topics[0]",
          "topic0 "
              + Hex.encode(topics[0])
              + " is not "
              + event.topic0()
              + ", the hash of "
              + event.canonicalSignature());
    }
    if (data == null && values == null) {
      throw new AbiException(Kind.INVALID_LOG, "data", "missing");
    }
    Tuple decoded = values == null ? decodeData(data) : null;
    FieldMap out = new FieldMap(mapCapacity);
    for (int i = 0; i < fieldNames.length; i++) {
      int t = topicOf[i];
      Object value;
      if (t >= 0) {
        value = ready != null && ready[t] != null ? ready[t] : indexed(i, topics[t]);
      } else {
        value =
            values != null ? values[dataOf[i]] : Values.convert(types[i], decoded.get(dataOf[i]));
      }
      // Field names are distinct (EventParser renames clashes), so no duplicate check.
      out.append(fieldNames[i], value);
    }
    return out;
  }

  private Object indexed(int i, byte[] topic) throws AbiException {
    TypeNode t = types[i];
    if (t.hashedWhenIndexed()) {
      // Solidity stores the keccak of these, which cannot be decoded back.
      return Hex.encode(topic);
    }
    try {
      return Values.convert(t, headlongTypes[i].decode(topic));
    } catch (RuntimeException e) {
      throw new AbiException(
          Kind.INVALID_TOPIC,
          "topics[" + topicOf[i] + "]",
          "not a valid " + t.canonical + " for input " + fieldNames[i] + ": " + e.getMessage());
    }
  }

  private Tuple decodeData(byte[] data) throws AbiException {
    LayoutGuard.check(dataNode, data);
    try {
      return dataType.decode(data);
    } catch (BufferUnderflowException e) {
      throw new AbiException(Kind.DATA_TOO_SHORT, "data", "data ends before its last value");
    } catch (IllegalArgumentException e) {
      HeadlongErrors.Located at = HeadlongErrors.locate(dataNode, "data", e.getMessage());
      String message = at.message();
      Kind kind = message.startsWith("unconsumed bytes") ? Kind.TRAILING_DATA : Kind.INVALID_VALUE;
      throw new AbiException(kind, at.path(), message);
    } catch (RuntimeException e) {
      // Anything else headlong throws still means the data does not fit the event.
      throw new AbiException(Kind.INVALID_VALUE, "data", String.valueOf(e.getMessage()));
    }
  }

  /** Adds the position fields of a log, after the parameters. */
  public static void position(
      Map<String, Object> out,
      Long blockNumber,
      String blockHash,
      String transactionHash,
      Long transactionIndex,
      Long logIndex,
      String address,
      Boolean removed) {
    if (out instanceof FieldMap f) {
      // Our own map, holding only parameters, whose names never take a reserved one.
      f.append(LogFields.BLOCK_NUMBER, blockNumber);
      f.append(LogFields.BLOCK_HASH, blockHash);
      f.append(LogFields.TRANSACTION_HASH, transactionHash);
      f.append(LogFields.TRANSACTION_INDEX, transactionIndex);
      f.append(LogFields.LOG_INDEX, logIndex);
      f.append(LogFields.ADDRESS, address);
      f.append(LogFields.REMOVED, removed == null ? Boolean.FALSE : removed);
      return;
    }
    out.put(LogFields.BLOCK_NUMBER, blockNumber);
    out.put(LogFields.BLOCK_HASH, blockHash);
    out.put(LogFields.TRANSACTION_HASH, transactionHash);
    out.put(LogFields.TRANSACTION_INDEX, transactionIndex);
    out.put(LogFields.LOG_INDEX, logIndex);
    out.put(LogFields.ADDRESS, address);
    out.put(LogFields.REMOVED, removed == null ? Boolean.FALSE : removed);
  }

  private static byte[] hexBytes(String hex) {
    byte[] out = new byte[(hex.length() - 2) / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 + 2 * i, 4 + 2 * i), 16);
    }
    return out;
  }
}
