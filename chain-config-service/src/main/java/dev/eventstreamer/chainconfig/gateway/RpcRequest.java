package dev.eventstreamer.chainconfig.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON-RPC request body as the gateway needs it, read in one streaming pass without building a
 * tree: each call's method, id and byte range, so allowed calls are forwarded as the client wrote
 * them and the others answered with errors.
 *
 * @param batch the body is an array
 * @param calls the calls in request order; empty with {@link #error} set when the body as a whole
 *     is rejected
 * @param error the one error answer for the whole body (parse error, empty or too large batch)
 */
public record RpcRequest(boolean batch, List<Call> calls, String error) {

  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INTERNAL_ERROR = -32603;

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * One call of the request.
   *
   * @param start first byte in the body
   * @param end byte after the call
   * @param idJson the id as JSON text for an error answer ({@code null} when absent)
   * @param idKey the id as a key to find the upstream's answer ({@code s}/{@code n} + text), null
   *     for a notification or a null id
   * @param error the error answer when the gateway answers the call itself, else null
   * @param notification the call has no {@code id} member: nothing is answered to it
   */
  public record Call(
      int start,
      int end,
      String method,
      String idJson,
      String idKey,
      String error,
      boolean notification) {

    /**
     * Whether the call goes upstream. A notification does not: a read nobody waits for is
     * pointless, and a node's empty answer to it would count as a failed call against its breaker.
     */
    public boolean forwarded() {
      return error == null && !notification;
    }
  }

  // The members of a JSON-RPC request object, as bits of a mask of those seen.
  private static final String[] MEMBERS = {"jsonrpc", "method", "params", "id"};

  /** Reads {@code body}; never throws, a bad body yields an error answer. */
  public static RpcRequest parse(byte[] body, int maxBatchSize) {
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return whole(false, PARSE_ERROR, "parse error: the body is empty");
      }
      if (p.currentTokenLocation().getByteOffset() < 0) {
        // Jackson detected UTF-16 or UTF-32 and reports no byte offsets to cut calls by.
        return whole(false, PARSE_ERROR, "parse error: the body must be UTF-8 JSON");
      }
      RpcRequest request;
      if (first == JsonToken.START_OBJECT) {
        request = new RpcRequest(false, List.of(call(p)), null);
      } else if (first == JsonToken.START_ARRAY) {
        request = batch(p, maxBatchSize);
      } else {
        return whole(
            false, INVALID_REQUEST, "invalid request: expected a JSON object or an array of them");
      }
      if (request.error == null && p.nextToken() != null) {
        return whole(false, PARSE_ERROR, "parse error: content after the JSON value");
      }
      return request;
    } catch (IOException e) {
      return whole(false, PARSE_ERROR, "parse error: the body is not valid JSON");
    }
  }

  private static RpcRequest batch(JsonParser p, int maxBatchSize) throws IOException {
    List<Call> calls = new ArrayList<>();
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw new IOException("unterminated array");
      }
      if (calls.size() == maxBatchSize) {
        // Read on only to tell a parse error from a too-large batch.
        p.skipChildren();
        int count = calls.size() + 1;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
          if (token == null) {
            throw new IOException("unterminated array");
          }
          p.skipChildren();
          count++;
        }
        return whole(
            true,
            INVALID_REQUEST,
            "invalid request: a batch of "
                + count
                + " calls exceeds the gateway's limit of "
                + maxBatchSize);
      }
      if (token == JsonToken.START_OBJECT) {
        calls.add(call(p));
      } else {
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        calls.add(
            new Call(
                start,
                (int) p.currentLocation().getByteOffset(),
                null,
                "null",
                null,
                error("null", INVALID_REQUEST, "invalid request: a call must be a JSON object"),
                false));
      }
    }
    if (calls.isEmpty()) {
      return whole(true, INVALID_REQUEST, "invalid request: the batch is empty");
    }
    return new RpcRequest(true, List.copyOf(calls), null);
  }

  private static Call call(JsonParser p) throws IOException {
    int start = (int) p.currentTokenLocation().getByteOffset();
    String method = null;
    String idJson = "null";
    String idKey = null;
    String invalid = null;
    boolean hasId = false;
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      // The check reads one member and the node gets the bytes: a second "method", or a "METHOD"
      // that a node matching names without case takes for it, would let a refused call through.
      int member = member(name);
      if (member >= 0) {
        if (!MEMBERS[member].equals(name)) {
          invalid = "member \"" + name + "\" differs from \"" + MEMBERS[member] + "\" only in case";
        } else if ((seen & (1 << member)) != 0) {
          invalid = "member \"" + name + "\" appears twice";
        }
        seen |= 1 << member;
      }
      switch (name) {
        case "method" -> {
          if (value == JsonToken.VALUE_STRING) {
            method = p.getText();
          } else {
            invalid = "method must be a string";
            p.skipChildren();
          }
        }
        case "id" -> {
          hasId = true;
          switch (value) {
            case VALUE_STRING -> {
              idJson = quote(p.getText());
              idKey = "s" + p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
              idJson = p.getText();
              idKey = "n" + p.getText();
            }
            case VALUE_NULL -> {}
            default -> {
              invalid = "id must be a string, a number or null";
              p.skipChildren();
            }
          }
        }
        case "jsonrpc" -> {
          if (value != JsonToken.VALUE_STRING || !"2.0".equals(p.getText())) {
            invalid = "jsonrpc must be \"2.0\"";
          }
          p.skipChildren();
        }
        case "params" -> {
          if (value != JsonToken.START_ARRAY && value != JsonToken.START_OBJECT) {
            invalid = "params must be an array or an object";
          }
          p.skipChildren();
        }
        default -> p.skipChildren();
      }
    }
    int end = (int) p.currentLocation().getByteOffset();
    if (invalid == null && method == null) {
      invalid = "method is missing";
    }
    String error = null;
    if (invalid != null) {
      error = error(idJson, INVALID_REQUEST, "invalid request: " + invalid);
    } else if (!hasId) {
      // A notification: never answered, so neither refused nor forwarded.
    } else if (!RpcMethods.allowed(method)) {
      error =
          error(
              idJson,
              METHOD_NOT_FOUND,
              "method not allowed by the gateway",
              "{\"method\":" + quote(method) + "}");
    }
    return new Call(start, end, method, idJson, idKey, error, !hasId);
  }

  /**
   * The index in {@link #MEMBERS} of the member {@code name} names when compared as Go's JSON
   * decoder (geth, erigon) compares names, ignoring case with Unicode's simple folding; -1 for
   * another name.
   */
  private static int member(String name) {
    if (name.length() < 2 || name.length() > 7) {
      return -1;
    }
    for (int m = 0; m < MEMBERS.length; m++) {
      String member = MEMBERS[m];
      if (member.length() != name.length()) {
        continue;
      }
      boolean same = true;
      for (int i = 0; i < name.length() && same; i++) {
        same = fold(name.charAt(i)) == member.charAt(i);
      }
      if (same) {
        return m;
      }
    }
    return -1;
  }

  private static char fold(char c) {
    return switch (c) {
      case '\u017f' -> 's'; // LATIN SMALL LETTER LONG S folds to s
      case '\u212a' -> 'k'; // KELVIN SIGN folds to k
      default -> Character.toLowerCase(c);
    };
  }

  private static RpcRequest whole(boolean batch, int code, String message) {
    return new RpcRequest(batch, List.of(), error("null", code, message));
  }

  /** A JSON-RPC error answer. */
  public static String error(String idJson, int code, String message) {
    return error(idJson, code, message, null);
  }

  static String error(String idJson, int code, String message, String data) {
    StringBuilder out =
        new StringBuilder(96)
            .append("{\"jsonrpc\":\"2.0\",\"id\":")
            .append(idJson)
            .append(",\"error\":{\"code\":")
            .append(code)
            .append(",\"message\":")
            .append(quote(message));
    if (data != null) {
      out.append(",\"data\":").append(data);
    }
    return out.append("}}").toString();
  }

  static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }

  /** Whether any forwarded call reads near the head. */
  public boolean headSensitive() {
    for (Call c : calls) {
      if (c.forwarded() && RpcMethods.headSensitive(c.method())) {
        return true;
      }
    }
    return false;
  }
}
