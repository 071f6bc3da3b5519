package dev.eventstreamer.chainconfig.gateway;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * An upstream's JSON-RPC answer, forwarded as received: the HTTP status, the body, and for a batch
 * where each answer sits in the body.
 *
 * @param elements the answers of a batch in the upstream's order, null for a single answer
 * @param endpoint the endpoint ({@code host:port}) that answered, once the call knows it
 */
public record UpstreamReply(
    int status, Buffer body, boolean isError, List<Element> elements, String endpoint) {

  /** This reply, as answered by {@code endpoint}. */
  UpstreamReply answeredBy(String endpoint) {
    return new UpstreamReply(status, body, isError, elements, endpoint);
  }

  /**
   * One answer of a batch: its bytes {@code [start, end)} in the body and its id as a match key
   * ({@code s} + string, {@code n} + number text, null for a null or missing id).
   */
  public record Element(int start, int end, String idKey) {}
}
