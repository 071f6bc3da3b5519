package dev.eventstreamer.stream.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the few JSON-RPC requests ingestion makes and reads their answers with Jackson's streaming
 * parser: an {@code eth_getLogs} answer can be many megabytes, so no tree is built.
 */
final class JsonRpcCodec {

  // A node's answer can be large (tens of MB of logs); the defaults would cut long strings.
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(64 * 1024 * 1024).build())
          .build();

  private static final SerializedString JSONRPC = new SerializedString("jsonrpc");
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString METHOD = new SerializedString("method");
  private static final SerializedString PARAMS = new SerializedString("params");

  private JsonRpcCodec() {}

  /** The answer to one call: either its result, read by the caller's reader, or an error. */
  interface ResultReader<T> {
    T read(JsonParser p) throws IOException;
  }

  /** One request: {@code method} with parameters written by {@code params}. */
  interface ParamsWriter {
    void write(JsonGenerator g) throws IOException;
  }

  static Buffer request(int id, String method, ParamsWriter params) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writeCall(g, id, method, params);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  static Buffer batch(String method, List<ParamsWriter> params) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * params.size() + 16);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (int i = 0; i < params.size(); i++) {
        writeCall(g, i, method, params.get(i));
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  private static void writeCall(JsonGenerator g, int id, String method, ParamsWriter params)
      throws IOException {
    g.writeStartObject();
    g.writeFieldName(JSONRPC);
    g.writeString("2.0");
    g.writeFieldName(ID);
    g.writeNumber(id);
    g.writeFieldName(METHOD);
    g.writeString(method);
    g.writeFieldName(PARAMS);
    g.writeStartArray();
    params.write(g);
    g.writeEndArray();
    g.writeEndObject();
  }

  static void writeFilter(JsonGenerator g, LogFilter filter) throws IOException {
    g.writeStartObject();
    if (filter.blockHash() != null) {
      g.writeStringField("blockHash", filter.blockHash());
    } else {
      g.writeStringField("fromBlock", quantity(filter.fromBlock()));
      g.writeStringField("toBlock", quantity(filter.toBlock()));
    }
    if (!filter.addresses().isEmpty()) {
      g.writeArrayFieldStart("address");
      for (String a : filter.addresses()) {
        g.writeString(a);
      }
      g.writeEndArray();
    }
    g.writeArrayFieldStart("topics");
    if (filter.topic0s().size() == 1) {
      g.writeString(filter.topic0s().get(0));
    } else {
      g.writeStartArray();
      for (String t : filter.topic0s()) {
        g.writeString(t);
      }
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  static String quantity(long value) {
    return "0x" + Long.toHexString(value);
  }

  /**
   * Reads a single answer: the result through {@code reader}, or throws {@link RpcErrorException}
   * for an error answer.
   *
   * @throws UncheckedIOException when the body is not a JSON-RPC answer
   */
  static <T> T single(Buffer body, String method, String endpoint, ResultReader<T> reader) {
    try (JsonParser p = parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON-RPC answer object");
      }
      Answer<T> answer = answer(p, method, endpoint, reader);
      if (!answer.hasResult()) {
        throw new IOException("the answer has neither result nor error");
      }
      return answer.result();
    } catch (IOException e) {
      throw badAnswer(method, e);
    }
  }

  /**
   * Reads a batch answer into results by request id (the position of the call in the batch); an
   * element that is an error answer throws.
   */
  static <T> Map<Integer, T> batch(
      Buffer body, String method, String endpoint, ResultReader<T> reader) {
    try (JsonParser p = parser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        // The whole batch refused with one answer (some providers do that).
        answer(p, method, endpoint, reader);
        throw new IOException("a batch was answered with a single object");
      }
      if (first != JsonToken.START_ARRAY) {
        throw new IOException("not a JSON-RPC batch answer");
      }
      Map<Integer, T> results = new HashMap<>();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        Answer<T> element = answer(p, method, endpoint, reader);
        results.put(element.id(), element.result());
      }
      return results;
    } catch (IOException e) {
      throw badAnswer(method, e);
    }
  }

  /** One answer object: its numeric id (null otherwise), and its result if it had one. */
  private record Answer<T>(Integer id, T result, boolean hasResult) {}

  /** Reads the answer object the parser stands in; throws for an error answer. */
  private static <T> Answer<T> answer(
      JsonParser p, String method, String endpoint, ResultReader<T> reader) throws IOException {
    Integer id = null;
    T result = null;
    boolean hasResult = false;
    RpcError error = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "id" -> id = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
        case "result" -> {
          hasResult = true;
          result = p.currentToken() == JsonToken.VALUE_NULL ? null : reader.read(p);
        }
        case "error" -> error = error(p, endpoint);
        default -> p.skipChildren();
      }
    }
    if (error != null) {
      throw new RpcErrorException(method, error);
    }
    return new Answer<>(id, result, hasResult);
  }

  private static RpcError error(JsonParser p, String endpoint) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return new RpcError(0, p.getValueAsString("malformed error"), null, endpoint);
    }
    long code = 0;
    String message = "";
    String data = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "code" -> code = value.isNumeric() ? p.getLongValue() : 0;
        case "message" -> message = p.getValueAsString("");
        case "data" -> data = value == JsonToken.VALUE_STRING ? p.getText() : copy(p);
        default -> p.skipChildren();
      }
    }
    return new RpcError(code, message, data, endpoint);
  }

  /** The current value as JSON text. */
  private static String copy(JsonParser p) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toString();
  }

  static long readQuantity(JsonParser p) throws IOException {
    try {
      return parseQuantity(p.getText());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static long parseQuantity(String hex) {
    if (hex == null || !hex.startsWith("0x") || hex.length() < 3 || hex.length() > 18) {
      throw new IllegalArgumentException("not a hex quantity: " + hex);
    }
    return Long.parseUnsignedLong(hex, 2, hex.length(), 16);
  }

  static List<ChainLog> readLogs(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new IOException("eth_getLogs result is not an array");
    }
    List<ChainLog> logs = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      logs.add(readLog(p));
    }
    return logs;
  }

  private static ChainLog readLog(JsonParser p) throws IOException {
    String address = null;
    List<String> topics = List.of();
    String data = "0x";
    Long blockNumber = null;
    String blockHash = null;
    String transactionHash = null;
    String transactionIndex = null;
    Long logIndex = null;
    boolean removed = false;
    Long blockTimestamp = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "address" -> address = lower(p.getText());
        case "topics" -> topics = readTopics(p);
        case "data" -> data = p.getText();
        case "blockNumber" -> blockNumber = readQuantity(p);
        case "blockHash" -> blockHash = lower(p.getText());
        case "transactionHash" -> transactionHash = lower(p.getText());
        case "transactionIndex" -> transactionIndex = p.getText();
        case "logIndex" -> logIndex = readQuantity(p);
        case "removed" -> removed = value == JsonToken.VALUE_TRUE;
        case "blockTimestamp" -> blockTimestamp = readQuantity(p);
        default -> p.skipChildren();
      }
    }
    if (address == null || blockNumber == null || blockHash == null || logIndex == null) {
      throw new IOException("a log without address, blockNumber, blockHash or logIndex");
    }
    return new ChainLog(
        address,
        topics,
        data,
        blockNumber,
        blockHash,
        transactionHash,
        transactionIndex,
        logIndex,
        removed,
        blockTimestamp);
  }

  private static List<String> readTopics(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new IOException("topics is not an array");
    }
    List<String> topics = new ArrayList<>(4);
    while (p.nextToken() == JsonToken.VALUE_STRING) {
      topics.add(lower(p.getText()));
    }
    return topics;
  }

  static BlockHeader readHeader(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IOException("a block is not an object");
    }
    Long number = null;
    String hash = null;
    String parentHash = null;
    Long timestamp = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "number" -> number = readQuantity(p);
        case "hash" -> hash = lower(p.getText());
        case "parentHash" -> parentHash = lower(p.getText());
        case "timestamp" -> timestamp = readQuantity(p);
        default -> p.skipChildren();
      }
    }
    if (number == null || hash == null || parentHash == null || timestamp == null) {
      throw new IOException("a block without number, hash, parentHash or timestamp");
    }
    return new BlockHeader(number, hash, parentHash, timestamp);
  }

  private static String lower(String hex) {
    return hex.toLowerCase(Locale.ROOT);
  }

  private static JsonParser parser(Buffer body) throws IOException {
    return JSON.createParser((InputStream) new ByteBufInputStream(body.getByteBuf()));
  }

  private static UncheckedIOException badAnswer(String method, IOException cause) {
    return new UncheckedIOException(
        method + " answer is not usable JSON-RPC: " + cause.getMessage(), cause);
  }
}
