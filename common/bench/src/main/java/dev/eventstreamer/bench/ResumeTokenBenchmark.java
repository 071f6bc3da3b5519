package dev.eventstreamer.bench;

import dev.eventstreamer.common.resume.ResumeKeyRing;
import dev.eventstreamer.common.resume.ResumePosition;
import dev.eventstreamer.common.resume.ResumeTokenException;
import dev.eventstreamer.common.resume.ResumeTokens;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Resume tokens issued and verified per second on one thread (budget: 500,000/s each). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResumeTokenBenchmark {

  private ResumeTokens tokens;
  private ResumePosition position;
  private String token;
  private long sequence;

  @Setup
  public void setUp() {
    byte[] old = new byte[32];
    byte[] current = new byte[32];
    for (int i = 0; i < 32; i++) {
      old[i] = (byte) i;
      current[i] = (byte) (100 + i);
    }
    tokens =
        new ResumeTokens(ResumeKeyRing.of("2025-06", Map.of("2025-01", old, "2025-06", current)));
    position = new ResumePosition(1234, 987_654, 19_876_543, 17);
    token = tokens.issue(position);
  }

  @Benchmark
  public String issue() {
    // A fresh position each time, as every acknowledged batch moves it.
    return tokens.issue(new ResumePosition(1234, sequence++, 19_876_543, 17));
  }

  @Benchmark
  public ResumePosition verify() throws ResumeTokenException {
    return tokens.verify(token, 1234);
  }
}
