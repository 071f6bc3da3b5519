package dev.eventstreamer.stream.client;

/** The node answered a call with a JSON-RPC error. */
public final class RpcErrorException extends RuntimeException {

  private final transient RpcError error;

  public RpcErrorException(String method, RpcError error) {
    super(method + " failed: " + error.describe());
    this.error = error;
  }

  public RpcError error() {
    return error;
  }
}
