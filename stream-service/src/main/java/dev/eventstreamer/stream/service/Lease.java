package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.repository.LeaseRepository;
import io.quarkus.logging.Log;
import java.time.Duration;

/**
 * A lease this replica holds on one piece of work, renewed by the worker as it goes: a worker that
 * cannot renew stops, so at most one replica works on a subscription's backfill or a chain at once
 * (and the log's conditional appends keep even an overlap harmless).
 */
final class Lease {

  private final LeaseRepository leases;
  private final String name;
  private final String owner;
  private final Duration period;
  private volatile long renewedAt;
  private volatile boolean held = true;

  Lease(LeaseRepository leases, String name, String owner, Duration period) {
    this.leases = leases;
    this.name = name;
    this.owner = owner;
    this.period = period;
    this.renewedAt = System.nanoTime();
  }

  String name() {
    return name;
  }

  boolean held() {
    return held;
  }

  /** Renews when a third of the period has passed; false once the lease is lost. */
  boolean renewIfDue() {
    if (!held) {
      return false;
    }
    if (System.nanoTime() - renewedAt < period.toNanos() / 3) {
      return true;
    }
    try {
      boolean renewed = leases.acquire(name, owner, period).await().atMost(period);
      if (renewed) {
        renewedAt = System.nanoTime();
      } else {
        Log.warnf("Lease %s was taken by another replica; stopping its work here", name);
        held = false;
      }
    } catch (RuntimeException e) {
      if (System.nanoTime() - renewedAt > period.toNanos()) {
        Log.warnf("Lease %s could not be renewed within its period (%s); stopping", name, e);
        held = false;
      }
    }
    return held;
  }

  void release() {
    held = false;
    try {
      leases.release(name, owner).await().atMost(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      Log.debugf("Lease %s not released (%s); it runs out by itself", name, e);
    }
  }
}
