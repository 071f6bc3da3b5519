package dev.eventstreamer.stream.client;

import com.fasterxml.jackson.core.JsonGenerator;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chain reads ingestion makes, through the gateway: head, headers (batched) and logs. Answers
 * are parsed on a worker thread, never on an event loop (an eth_getLogs answer can take tens of
 * milliseconds to read).
 */
@ApplicationScoped
public class ChainRpc {

  private final GatewayClient gateway;

  ChainRpc(GatewayClient gateway) {
    this.gateway = gateway;
  }

  /** The number of the chain's newest block. */
  public Uni<Long> blockNumber(long chainId) {
    return call(
        chainId,
        JsonRpcCodec.request(1, "eth_blockNumber", g -> {}),
        "eth_blockNumber",
        (reply) ->
            JsonRpcCodec.single(
                reply.body(), "eth_blockNumber", reply.endpoint(), JsonRpcCodec::readQuantity));
  }

  /** The header of block {@code number}, or null when the chain has no such block yet. */
  public Uni<BlockHeader> header(long chainId, long number) {
    return call(
        chainId,
        JsonRpcCodec.request(1, "eth_getBlockByNumber", g -> writeBlockParams(g, number)),
        "eth_getBlockByNumber",
        reply ->
            JsonRpcCodec.single(
                reply.body(), "eth_getBlockByNumber", reply.endpoint(), JsonRpcCodec::readHeader));
  }

  /**
   * Headers of {@code numbers} in one JSON-RPC batch, in the same order; null for a block the chain
   * does not have (yet).
   */
  public Uni<List<BlockHeader>> headers(long chainId, List<Long> numbers) {
    if (numbers.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<JsonRpcCodec.ParamsWriter> params = new ArrayList<>(numbers.size());
    for (long n : numbers) {
      params.add(g -> writeBlockParams(g, n));
    }
    return call(
        chainId,
        JsonRpcCodec.batch("eth_getBlockByNumber", params),
        "eth_getBlockByNumber",
        reply -> {
          Map<Integer, BlockHeader> byId =
              JsonRpcCodec.batch(
                  reply.body(), "eth_getBlockByNumber", reply.endpoint(), JsonRpcCodec::readHeader);
          List<BlockHeader> headers = new ArrayList<>(numbers.size());
          for (int i = 0; i < numbers.size(); i++) {
            headers.add(byId.get(i));
          }
          return headers;
        });
  }

  /**
   * Logs matching {@code filter}; fails with {@link RpcErrorException} when the node refuses (a
   * range too wide, say) and {@link GatewayException} when no node answered.
   */
  public Uni<LogsAnswer> logs(long chainId, LogFilter filter) {
    return call(
        chainId,
        JsonRpcCodec.request(1, "eth_getLogs", g -> JsonRpcCodec.writeFilter(g, filter)),
        "eth_getLogs",
        reply ->
            new LogsAnswer(
                JsonRpcCodec.single(
                    reply.body(), "eth_getLogs", reply.endpoint(), JsonRpcCodec::readLogs),
                reply.endpoint()));
  }

  private static void writeBlockParams(JsonGenerator g, long number) throws IOException {
    g.writeString(JsonRpcCodec.quantity(number));
    g.writeBoolean(false);
  }

  private interface Parse<T> {
    T apply(GatewayClient.Reply reply);
  }

  private <T> Uni<T> call(long chainId, Buffer body, String method, Parse<T> parse) {
    return gateway
        .post(chainId, body)
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            reply -> {
              try {
                return parse.apply(reply);
              } catch (UncheckedIOException e) {
                throw new GatewayException(
                    GatewayException.Kind.BAD_RESPONSE, chainId, e.getMessage(), 0);
              }
            });
  }
}
