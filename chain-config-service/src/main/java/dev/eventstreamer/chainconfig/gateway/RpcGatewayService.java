package dev.eventstreamer.chainconfig.gateway;

import dev.eventstreamer.chainconfig.config.GatewayConfig;
import dev.eventstreamer.common.problem.ProblemException;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers a JSON-RPC request for a chain: refuses what is not an allowed read, forwards the rest
 * through {@link RpcClient} as the client wrote it, and puts a batch's answers back in request
 * order. The gateway's path uses CompletionStage rather than Mutiny: every Mutiny operator captures
 * the caller's context for propagation, which measured as the largest share of allocation per call.
 */
@ApplicationScoped
public class RpcGatewayService {

  /**
   * An answer to send: the HTTP status, the JSON body (none with 204) and the endpoint ({@code
   * host:port}) that answered, null when no call went upstream.
   */
  public record RpcAnswer(int status, Buffer body, String endpoint) {
    // JSON-RPC answers nothing to notifications; over HTTP that is 204 without a body.
    static final RpcAnswer NOTHING = new RpcAnswer(204, Buffer.buffer(), null);
  }

  private final EndpointRegistry registry;
  private final RpcClient client;
  private final int maxBatchSize;

  RpcGatewayService(EndpointRegistry registry, RpcClient client, GatewayConfig config) {
    this.registry = registry;
    this.client = client;
    this.maxBatchSize = config.maxBatchSize();
  }

  /**
   * @throws ProblemException 404 when the chain is unknown or inactive
   */
  public CompletionStage<RpcAnswer> handle(long chainId, Buffer body) {
    ChainEndpoints chain = registry.current().chain(chainId);
    if (chain == null) {
      return CompletableFuture.failedFuture(
          ProblemException.notFound("Chain " + chainId + " not found"));
    }
    byte[] bytes = body.getBytes();
    RpcRequest request = RpcRequest.parse(bytes, maxBatchSize);
    if (request.error() != null) {
      return answer(request.error());
    }
    if (!request.batch()) {
      RpcRequest.Call call = request.calls().get(0);
      if (!call.forwarded()) {
        return call.error() == null
            ? CompletableFuture.completedFuture(RpcAnswer.NOTHING)
            : answer(call.error());
      }
      return client
          .call(chain, body, false, RpcMethods.headSensitive(call.method()))
          .thenApply(reply -> new RpcAnswer(reply.status(), reply.body(), reply.endpoint()));
    }
    return batch(chain, body, bytes, request);
  }

  private CompletionStage<RpcAnswer> batch(
      ChainEndpoints chain, Buffer body, byte[] bytes, RpcRequest request) {
    List<RpcRequest.Call> calls = request.calls();
    int forwarded = 0;
    for (RpcRequest.Call c : calls) {
      if (c.forwarded()) {
        forwarded++;
      }
    }
    if (forwarded == 0) {
      boolean anyError = calls.stream().anyMatch(c -> c.error() != null);
      return CompletableFuture.completedFuture(
          anyError ? new RpcAnswer(200, merge(calls, null), null) : RpcAnswer.NOTHING);
    }
    boolean verbatim = forwarded == calls.size();
    Buffer upstreamBody = verbatim ? body : subset(bytes, calls);
    return client
        .call(chain, upstreamBody, true, request.headSensitive())
        .thenApply(
            reply ->
                verbatim && inOrder(calls, reply)
                    ? new RpcAnswer(reply.status(), reply.body(), reply.endpoint())
                    : new RpcAnswer(200, merge(calls, reply), reply.endpoint()));
  }

  private static Buffer subset(byte[] body, List<RpcRequest.Call> calls) {
    Buffer out = Buffer.buffer(body.length);
    out.appendByte((byte) '[');
    boolean first = true;
    for (RpcRequest.Call c : calls) {
      if (c.forwarded()) {
        if (!first) {
          out.appendByte((byte) ',');
        }
        out.appendBytes(body, c.start(), c.end() - c.start());
        first = false;
      }
    }
    return out.appendByte((byte) ']');
  }

  /** The upstream answered every call, in request order: its body can go out as it is. */
  private static boolean inOrder(List<RpcRequest.Call> calls, UpstreamReply reply) {
    List<UpstreamReply.Element> elements = reply.elements();
    if (elements == null) {
      return true; // one answer for the whole batch (e.g. the provider refused it): as it is
    }
    if (elements.size() != calls.size()) {
      return false;
    }
    for (int i = 0; i < calls.size(); i++) {
      String key = calls.get(i).idKey();
      if (key == null || !key.equals(elements.get(i).idKey())) {
        return false;
      }
    }
    return true;
  }

  /** The gateway's own errors and the upstream's answers in request order. */
  private static Buffer merge(List<RpcRequest.Call> calls, UpstreamReply reply) {
    Buffer out = Buffer.buffer(256);
    out.appendByte((byte) '[');
    Map<String, ArrayDeque<UpstreamReply.Element>> answers = new HashMap<>();
    ArrayDeque<UpstreamReply.Element> unmatched = new ArrayDeque<>();
    Buffer upstream = reply == null ? null : reply.body();
    if (reply != null && reply.elements() != null) {
      for (UpstreamReply.Element e : reply.elements()) {
        if (e.idKey() == null) {
          unmatched.add(e);
        } else {
          answers.computeIfAbsent(e.idKey(), k -> new ArrayDeque<>()).add(e);
        }
      }
    }
    boolean first = true;
    for (RpcRequest.Call c : calls) {
      String text = null;
      UpstreamReply.Element element = null;
      if (!c.forwarded()) {
        text = c.error();
      } else if (c.idKey() != null && reply != null && reply.elements() != null) {
        ArrayDeque<UpstreamReply.Element> queue = answers.get(c.idKey());
        element = queue == null ? null : queue.poll();
        if (element == null) {
          text =
              RpcRequest.error(
                  c.idJson(),
                  RpcRequest.INTERNAL_ERROR,
                  "the upstream node did not answer this call");
        }
      }
      if (text == null && element == null) {
        continue; // a notification, or the upstream answered the batch as a whole (added below)
      }
      first = comma(out, first);
      if (text != null) {
        out.appendString(text, StandardCharsets.UTF_8.name());
      } else {
        out.appendBuffer(upstream, element.start(), element.end() - element.start());
      }
    }
    if (reply != null && reply.elements() == null) {
      first = comma(out, first);
      out.appendBuffer(upstream);
    }
    for (ArrayDeque<UpstreamReply.Element> rest : answers.values()) {
      unmatched.addAll(rest);
    }
    for (UpstreamReply.Element e : unmatched) {
      first = comma(out, first);
      out.appendBuffer(upstream, e.start(), e.end() - e.start());
    }
    return out.appendByte((byte) ']');
  }

  private static boolean comma(Buffer out, boolean first) {
    if (!first) {
      out.appendByte((byte) ',');
    }
    return false;
  }

  private static CompletionStage<RpcAnswer> answer(String json) {
    return CompletableFuture.completedFuture(new RpcAnswer(200, Buffer.buffer(json), null));
  }
}
