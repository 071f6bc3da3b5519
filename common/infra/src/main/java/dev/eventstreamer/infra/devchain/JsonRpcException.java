package dev.eventstreamer.infra.devchain;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON-RPC error response: the method called, the error code, message and data. */
public final class JsonRpcException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String method;
  private final int code;
  private final transient JsonNode data;

  /** Wraps the error object of a response to {@code method}. */
  public JsonRpcException(String method, int code, String message, JsonNode data) {
    super(
        "JSON-RPC "
            + method
            + " failed with code "
            + code
            + ": "
            + message
            + (data == null || data.isNull() || data.isMissingNode()
                ? ""
                : " (data: " + data + ")"));
    this.method = method;
    this.code = code;
    this.data = data;
  }

  public String method() {
    return method;
  }

  public int code() {
    return code;
  }

  /** The error's {@code data} member, or null when it had none. */
  public JsonNode data() {
    return data;
  }
}
