package dev.eventstreamer.bench;

import dev.eventstreamer.common.abi.Abi;
import dev.eventstreamer.common.abi.AbiException;
import dev.eventstreamer.common.abi.LogDecoder;
import dev.eventstreamer.common.abi.RpcLog;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding logs as eth_getLogs returns them (hex strings) into JSON-ready maps. Budgets: ERC-20
 * Transfer at least 1,000,000/s and a Swap with a tuple array at least 200,000/s on one thread.
 *
 * <p>{@code addresses=hot}: from/to drawn from 256 addresses, as on a busy token (the checksum
 * cache hits) and emitted by 4 contracts; {@code unique}: every log has new addresses (every
 * checksum is computed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AbiDecodeBenchmark {

  private static final String TRANSFER =
      "{\"type\":\"event\",\"name\":\"Transfer\",\"inputs\":["
          + "{\"name\":\"from\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"to\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"value\",\"type\":\"uint256\",\"indexed\":false}]}";

  private static final String SWAP =
      "{\"type\":\"event\",\"name\":\"Swap\",\"inputs\":["
          + "{\"name\":\"sender\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"legs\",\"type\":\"tuple[]\",\"components\":["
          + "{\"name\":\"amount\",\"type\":\"uint256\"},{\"name\":\"pool\",\"type\":\"bytes32\"},"
          + "{\"name\":\"recipient\",\"type\":\"address\"}]},"
          + "{\"name\":\"tick\",\"type\":\"int24\"}]}";

  private static final int LOGS = 1 << 14;

  @Param({"hot", "unique"})
  public String addresses;

  private LogDecoder transfer;
  private LogDecoder swap;
  private String[] contracts;
  private RpcLog[] transfers;
  private RpcLog[] swaps;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws AbiException {
    transfer = Abi.decoder(TRANSFER);
    swap = Abi.decoder(SWAP);
    SplittableRandom random = new SplittableRandom(42);
    boolean hot = "hot".equals(addresses);
    String[] pool = new String[256];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = hex(random, 20);
    }
    // A subscription watches a few contracts; with unique addresses every log comes from a new one.
    contracts = new String[hot ? 4 : LOGS];
    for (int i = 0; i < contracts.length; i++) {
      contracts[i] = hex(random, 20);
    }
    transfers = new RpcLog[LOGS];
    swaps = new RpcLog[LOGS];
    for (int i = 0; i < LOGS; i++) {
      String from = hot ? pool[random.nextInt(pool.length)] : hex(random, 20);
      String to = hot ? pool[random.nextInt(pool.length)] : hex(random, 20);
      // Token amounts of 18-decimal tokens: about 70 to 90 bits.
      String value = word(random, 9 + random.nextInt(3));
      transfers[i] =
          log(List.of(transfer.event().topic0(), topic(from), topic(to)), "0x" + value, random);
      String sender = hot ? pool[random.nextInt(pool.length)] : hex(random, 20);
      StringBuilder data = new StringBuilder("0x");
      data.append(word(64)).append(word(-200 + random.nextInt(400)));
      data.append(word(3));
      for (int leg = 0; leg < 3; leg++) {
        String recipient = hot ? pool[random.nextInt(pool.length)] : hex(random, 20);
        data.append(word(random, 10)).append(hex(random, 32).substring(2));
        data.append(topic(recipient).substring(2));
      }
      swaps[i] = log(List.of(swap.event().topic0(), topic(sender)), data.toString(), random);
    }
  }

  @Benchmark
  public Map<String, Object> transferFromHex() throws AbiException {
    return transfer.decode(transfers[next++ & (LOGS - 1)]);
  }

  @Benchmark
  public Map<String, Object> swapWithTupleArrayFromHex() throws AbiException {
    return swap.decode(swaps[next++ & (LOGS - 1)]);
  }

  private RpcLog log(List<String> topics, String data, SplittableRandom random) {
    return new RpcLog(
        contracts[random.nextInt(contracts.length)],
        topics,
        data,
        "0x" + Long.toHexString(18_000_000 + random.nextInt(1_000_000)),
        hex(random, 32),
        hex(random, 32),
        "0x" + Integer.toHexString(random.nextInt(200)),
        "0x" + Integer.toHexString(random.nextInt(600)),
        false);
  }

  private static String topic(String address) {
    return "0x000000000000000000000000" + address.substring(2);
  }

  /** A 32-byte word holding a random number of {@code bytes} bytes. */
  private static String word(SplittableRandom random, int bytes) {
    return "00".repeat(32 - bytes) + hex(random, bytes).substring(2);
  }

  /** A 32-byte two's complement word. */
  private static String word(long v) {
    return (v < 0 ? "ff".repeat(24) : "00".repeat(24)) + String.format("%016x", v);
  }

  private static String hex(SplittableRandom random, int bytes) {
    StringBuilder sb = new StringBuilder("0x");
    for (int i = 0; i < bytes; i++) {
      sb.append(String.format("%02x", random.nextInt(256)));
    }
    return sb.toString();
  }
}
