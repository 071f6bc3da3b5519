package dev.eventstreamer.rules.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rule's {@code rate} ({@code {num, ms}}, aws-lambda-stream's ratelimit): at most {@code num}
 * units of work start in each window of {@code ms}; the next waits for the next window. The results
 * are the same, only the pace changes.
 */
@ApplicationScoped
public class RatePacer {

  private final ConcurrentHashMap<String, long[]> windows = new ConcurrentHashMap<>();

  /** Completes when the rule's next unit of work may start. */
  public Uni<Void> acquire(CompiledRule rule) {
    return rule.rate()
        .map(rate -> acquire(rule.id(), rate[0], rate[1]))
        .orElse(Uni.createFrom().voidItem());
  }

  private Uni<Void> acquire(String ruleId, int num, int ms) {
    long wait;
    long[] window = windows.computeIfAbsent(ruleId, id -> new long[2]);
    synchronized (window) {
      long now = System.nanoTime();
      long length = Duration.ofMillis(ms).toNanos();
      if (window[1] == 0 || now - window[0] >= length) {
        window[0] = now;
        window[1] = 0;
      }
      if (window[1] < num) {
        window[1]++;
        wait = 0;
      } else {
        // The next window starts at the end of this one; this unit is its first.
        wait = window[0] + length - now;
        window[0] += length;
        window[1] = 1;
      }
    }
    return wait <= 0
        ? Uni.createFrom().voidItem()
        : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(wait));
  }
}
