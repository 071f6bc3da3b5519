package dev.eventstreamer.chainconfig.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.eventstreamer.chainconfig.config.GatewayConfig;
import io.netty.buffer.ByteBufInputStream;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Polls {@code eth_blockNumber} on every endpoint of every active chain about once per block
 * (bounded by the min and max poll intervals), through the endpoint's guard: a recovered endpoint
 * closes its breaker by itself, and one too far behind the best head is marked lagging.
 */
@ApplicationScoped
public class HeadTracker {

  private static final String BLOCK_NUMBER =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]}";

  private final Vertx vertx;
  private final GatewayConfig config;
  private final List<Long> timers = new ArrayList<>();

  HeadTracker(Vertx vertx, GatewayConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Polls the chains of {@code set} from now on, and no others. */
  synchronized void track(EndpointSet set) {
    stopAll();
    for (ChainEndpoints chain : set.chains().values()) {
      long interval = interval(chain.averageBlockTime());
      poll(chain);
      timers.add(vertx.setPeriodic(interval, id -> poll(chain)));
    }
  }

  synchronized void stopAll() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  long interval(double averageBlockTime) {
    long millis = (long) (averageBlockTime * 1000);
    long min = config.minHeadPollInterval().toMillis();
    long max = config.maxHeadPollInterval().toMillis();
    return Math.max(min, Math.min(max, millis));
  }

  private void poll(ChainEndpoints chain) {
    for (RpcEndpoint e : chain.endpoints()) {
      if (!e.polling.compareAndSet(false, true)) {
        continue; // the previous poll still waits for its timeout
      }
      e.call(Buffer.buffer(BLOCK_NUMBER), false)
          .whenComplete(
              (reply, failure) -> {
                e.polling.set(false);
                if (failure != null) {
                  Log.debugf(
                      "Head poll of %s failed: %s",
                      e.name(), RpcEndpoint.unwrap(failure).getMessage());
                  return;
                }
                long head = head(reply);
                if (head >= 0) {
                  e.head(head);
                  updateLag(chain);
                }
              });
    }
  }

  private void updateLag(ChainEndpoints chain) {
    long best = chain.bestHead();
    for (RpcEndpoint e : chain.endpoints()) {
      long lag = e.head() < 0 ? 0 : best - e.head();
      boolean lagging = lag > config.maxHeadLag();
      if (lagging && !e.lagging()) {
        Log.infof("%s is %d blocks behind the best head %d", e.name(), lag, best);
      }
      e.lag(lag, lagging);
    }
  }

  /** The block number of an eth_blockNumber answer, -1 when it is none. */
  static long head(UpstreamReply reply) {
    if (reply.isError()) {
      return -1;
    }
    try (JsonParser p =
        ResponseInspector.JSON.createParser(
            (InputStream) new ByteBufInputStream(reply.body().getByteBuf()))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("result".equals(name) && value == JsonToken.VALUE_STRING) {
          String hex = p.getText();
          return hex.startsWith("0x") ? Long.parseLong(hex.substring(2), 16) : -1;
        }
        p.skipChildren();
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
