package dev.eventstreamer.infra;

import java.util.List;

/**
 * How the suite runs a service's JVM: the launcher's services and the load harness's service under
 * test get the same collector, so the harness measures what {@code ./suite up} runs.
 */
public final class ServiceJvm {

  /**
   * The parallel collector, promoting what survives two young collections. A service keeps a few MB
   * of objects made while it warms up (pools, caches) that never die; G1 and the serial collector
   * copied them on every young collection until their fifteenth, which made each pause 9 to 40 ms
   * on 2 cores. Promoted after two, the parallel collector's young pauses under the gateway's load
   * take 1.2 to 3.5 ms (chain-config-service README, Benchmark).
   */
  public static final String GC_OPTIONS = "-XX:+UseParallelGC -XX:MaxTenuringThreshold=2";

  /** {@link #GC_OPTIONS} as command-line arguments. */
  public static List<String> gcOptions() {
    return List.of(GC_OPTIONS.split(" "));
  }

  private ServiceJvm() {}
}
