package dev.eventstreamer.stream.client;

/**
 * A JSON-RPC error the node answered (through the gateway): its code, message and data as JSON text
 * (null when absent), and the endpoint that answered.
 */
public record RpcError(long code, String message, String data, String endpoint) {

  /** Code, message and data in one line, for logs and for matching provider wording. */
  public String describe() {
    return code + " " + message + (data == null ? "" : " " + data);
  }
}
