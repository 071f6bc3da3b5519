package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.client.ChainAccess;
import dev.eventstreamer.stream.client.GatewayException;
import dev.eventstreamer.stream.repository.ConnectionRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the streams of every replica when this replica's ingestion of a chain is blocked (every
 * endpoint rate limiting, or every breaker open) and when it reads again. Blocks are announced
 * again every {@link #REANNOUNCE_MILLIS}, so streams opened meanwhile, on any replica, learn of
 * them, and a block whose replica died expires (see {@link StreamHub}).
 */
@ApplicationScoped
public class IngestionBlocks {

  static final long REANNOUNCE_MILLIS = 10_000;

  /** A block no refusal confirmed for this long is over (the chain is no longer read here). */
  static final long EXPIRE_MILLIS = 60_000;

  private record Block(String code, long lastRefusedAt) {}

  /** The stream error code of a block. */
  static String code(GatewayException.Kind kind) {
    return kind == GatewayException.Kind.RATE_LIMITED ? "RATE_LIMITED" : "CIRCUIT_BREAKER_OPEN";
  }

  private final ConnectionRepository connections;
  private final Vertx vertx;
  private final Map<Long, Block> blocked = new ConcurrentHashMap<>();
  private long timer = -1;

  IngestionBlocks(ConnectionRepository connections, Vertx vertx) {
    this.connections = connections;
    this.vertx = vertx;
  }

  void start(@Observes StartupEvent event) {
    timer = vertx.setPeriodic(REANNOUNCE_MILLIS, t -> reannounce());
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  void changed(@Observes ChainAccess access) {
    if (access.blocked()) {
      String code = code(access.blockedBy());
      Block before = blocked.put(access.chainId(), new Block(code, System.currentTimeMillis()));
      if (before == null || !before.code().equals(code)) {
        Log.warnf(
            "Ingestion of chain %d is blocked (%s): %s; streams of it are told",
            access.chainId(), code, access.detail());
        announce(access.chainId(), code);
      }
    } else if (blocked.remove(access.chainId()) != null) {
      Log.infof("Ingestion of chain %d reads again", access.chainId());
      send("unblocked:" + access.chainId());
    }
  }

  private void reannounce() {
    long stale = System.currentTimeMillis() - EXPIRE_MILLIS;
    blocked.forEach(
        (chainId, b) -> {
          if (b.lastRefusedAt() < stale) {
            if (blocked.remove(chainId, b)) {
              Log.infof(
                  "Ingestion of chain %d: no refusal for a minute, the block is over", chainId);
              send("unblocked:" + chainId);
            }
          } else {
            announce(chainId, b.code());
          }
        });
  }

  private void announce(long chainId, String code) {
    send("blocked:" + chainId + ":" + code);
  }

  private void send(String payload) {
    connections
        .announce(payload)
        .subscribe()
        .with(
            ok -> {},
            failure -> Log.debugf("Announcing %s failed: %s", payload, failure.toString()));
  }
}
