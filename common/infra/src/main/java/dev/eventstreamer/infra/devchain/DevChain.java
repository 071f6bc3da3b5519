package dev.eventstreamer.infra.devchain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.JvmShared;
import dev.eventstreamer.infra.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A local Hardhat EVM node (chain id 31337) for tests and the launcher. */
public final class DevChain implements AutoCloseable {

  /** Hardhat's default chain id, fixed for the dev chain. */
  public static final long CHAIN_ID = 31337;

  private static final System.Logger LOG = System.getLogger(DevChain.class.getName());
  private static final String HOST = "127.0.0.1";
  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(60);
  private static final int PORT_ATTEMPTS = 3;

  private static DevChain sharedChain;

  private final Process process;
  private final NodeProject project;
  private final Options options;
  private final Path logFile;
  private final String rpcUrl;
  private final JsonRpcClient rpc;
  private final long chainId;
  private volatile boolean isShared;
  private boolean stopped;

  /**
   * How to start a dev chain.
   *
   * @param port the JSON-RPC port on 127.0.0.1, 0 for a free one
   * @param intervalMiningMillis 0 to mine a block per transaction (automine), else mine a block
   *     every so many milliseconds, with or without transactions
   * @param logFile where the node's output goes, null for a temp file deleted at JVM exit
   * @param startTimeout how long to wait for the node to answer once launched
   */
  public record Options(int port, long intervalMiningMillis, Path logFile, Duration startTimeout) {

    public Options {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      if (intervalMiningMillis < 0) {
        throw new IllegalArgumentException("negative interval: " + intervalMiningMillis);
      }
      Objects.requireNonNull(startTimeout, "startTimeout");
    }

    /** A free port, automine, a temp log file, 60 s to start. */
    public static Options defaults() {
      return new Options(0, 0, null, Duration.ofSeconds(60));
    }

    public Options withPort(int port) {
      return new Options(port, intervalMiningMillis, logFile, startTimeout);
    }

    public Options withIntervalMiningMillis(long millis) {
      return new Options(port, millis, logFile, startTimeout);
    }

    public Options withLogFile(Path file) {
      return new Options(port, intervalMiningMillis, file, startTimeout);
    }

    public Options withStartTimeout(Duration timeout) {
      return new Options(port, intervalMiningMillis, logFile, timeout);
    }
  }

  private DevChain(
      Process process,
      NodeProject project,
      Options options,
      Path logFile,
      String rpcUrl,
      long chainId) {
    this.process = process;
    this.project = project;
    this.options = options;
    this.logFile = logFile;
    this.rpcUrl = rpcUrl;
    this.rpc = new JsonRpcClient(URI.create(rpcUrl), RPC_TIMEOUT);
    this.chainId = chainId;
  }

  /** Starts a node on a free port with automine. */
  public static DevChain start() {
    return start(Options.defaults());
  }

  /**
   * Starts a node with the given options; close it to stop the node.
   *
   * <p>The first start on a machine extracts the node project packaged in this jar to a cache
   * folder and runs {@code npm ci} and the contract compile there (10 s to a minute, depending on
   * the npm cache and network); later starts take about a second. It runs on the Node.js that
   * {@link NodeToolchain#find()} finds or fetches.
   *
   * @throws IllegalStateException when there is no Node.js 20+ and none can be fetched, or the node
   *     does not come up
   */
  public static DevChain start(Options options) {
    return start(options, NodeToolchain.find());
  }

  /**
   * Starts a node with the given options on the given Node.js (from {@link NodeToolchain#find});
   * close it to stop the node.
   *
   * @throws IllegalStateException when the node does not come up
   */
  public static DevChain start(Options options, NodeToolchain toolchain) {
    LOG.log(Level.INFO, "Dev chain on node {0}", toolchain.describe());
    NodeProject project = NodeProject.prepare(() -> toolchain);
    Path logFile = logFile(options);
    IllegalStateException failure = null;
    int attempts = options.port() == 0 ? PORT_ATTEMPTS : 1;
    if (options.port() != 0 && !Ports.isFree(options.port())) {
      // Else the readiness probe could be answered by whatever holds the port.
      throw new IllegalStateException(
          "port "
              + options.port()
              + " on "
              + HOST
              + " is in use; the dev chain cannot start there");
    }
    for (int attempt = 1; attempt <= attempts; attempt++) {
      int port = options.port() == 0 ? Ports.freePort() : options.port();
      try {
        return launch(toolchain, project, options, logFile, port);
      } catch (PortTakenException e) {
        // A free port found by probing can be taken before the node binds it: try another.
        failure = e;
      }
    }
    throw failure;
  }

  /**
   * The JVM-wide node (automine, free port), started on first use and stopped at JVM exit; {@link
   * #close()} on it does nothing. Quarkus test applications, each in its own class loader, all get
   * a handle on the same node.
   */
  public static DevChain shared() {
    return JvmShared.fromSystemLoader(DevChain.class)
        .map(owner -> attach(JvmShared.call(owner, "rpcUrl", String.class)))
        .orElseGet(DevChain::sharedHere);
  }

  private static synchronized DevChain sharedHere() {
    if (sharedChain == null || !sharedChain.isAlive()) {
      DevChain chain = start();
      chain.isShared = true;
      Runtime.getRuntime().addShutdownHook(new Thread(chain::stop, "devchain-shutdown"));
      sharedChain = chain;
    }
    return sharedChain;
  }

  /**
   * A handle on a dev chain node that another owner started at {@code rpcUrl}; {@link #close()}
   * leaves the node running.
   */
  public static DevChain attach(String rpcUrl) {
    NodeProject project = NodeProject.prepare(NodeToolchain::find);
    JsonRpcClient probe = new JsonRpcClient(URI.create(rpcUrl), RPC_TIMEOUT);
    long chainId = Hex.toLong(probe.call("eth_chainId"));
    DevChain chain = new DevChain(null, project, Options.defaults(), null, rpcUrl, chainId);
    chain.isShared = true;
    return chain;
  }

  private static DevChain launch(
      NodeToolchain toolchain, NodeProject project, Options options, Path logFile, int port) {
    long started = System.nanoTime();
    String rpcUrl = "http://" + HOST + ":" + port;
    ProcessBuilder builder =
        new ProcessBuilder(
                toolchain.node(),
                "scripts/node.js",
                "--hostname",
                HOST,
                "--port",
                Integer.toString(port))
            .directory(project.dir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            // stdin stays open: scripts/node.js exits when it closes, i.e. when this JVM dies.
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    Map<String, String> env = builder.environment();
    env.putAll(toolchain.environment());
    env.put("HARDHAT_DISABLE_TELEMETRY_PROMPT", "true");
    env.put("NO_COLOR", "1");
    env.put("DEVCHAIN_INTERVAL_MS", Long.toString(options.intervalMiningMillis()));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot launch the dev chain with " + toolchain.node(), e);
    }
    try {
      return awaitReady(process, project, options, logFile, rpcUrl, started);
    } catch (RuntimeException e) {
      // Timed out, interrupted or failed: never leave a half-started node behind.
      Processes.destroyTree(process.toHandle(), Duration.ofSeconds(10));
      throw e;
    }
  }

  private static DevChain awaitReady(
      Process process,
      NodeProject project,
      Options options,
      Path logFile,
      String rpcUrl,
      long started) {
    JsonRpcClient probe = new JsonRpcClient(URI.create(rpcUrl), Duration.ofSeconds(2));
    long deadline = System.nanoTime() + options.startTimeout().toNanos();
    while (true) {
      if (!process.isAlive()) {
        String tail = Processes.tail(logFile, 30);
        String message =
            "the dev chain node exited with code "
                + process.exitValue()
                + " before answering on "
                + rpcUrl
                + "; last lines of "
                + logFile
                + ":"
                + System.lineSeparator()
                + tail;
        throw tail.contains("EADDRINUSE")
            ? new PortTakenException(message)
            : new IllegalStateException(message);
      }
      try {
        long chainId = Hex.toLong(probe.call("eth_chainId"));
        String mining =
            options.intervalMiningMillis() == 0
                ? "automine"
                : "a block every " + options.intervalMiningMillis() + " ms";
        LOG.log(
            Level.INFO,
            "Dev chain on {0} ready in {1} ms ({2}; log: {3})",
            rpcUrl,
            Long.toString((System.nanoTime() - started) / 1_000_000),
            mining,
            logFile);
        return new DevChain(process, project, options, logFile, rpcUrl, chainId);
      } catch (UncheckedIOException | JsonRpcException e) {
        // Not listening yet.
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the dev chain node did not answer eth_chainId on "
                + rpcUrl
                + " within "
                + options.startTimeout()
                + "; last lines of "
                + logFile
                + ":"
                + System.lineSeparator()
                + Processes.tail(logFile, 30));
      }
      sleep(100);
    }
  }

  /** The JSON-RPC (HTTP) endpoint, e.g. {@code http://127.0.0.1:43127}. */
  public String rpcUrl() {
    return rpcUrl;
  }

  /** The chain id the node reported, 31337. */
  public long chainId() {
    return chainId;
  }

  /** Where the node writes its output; null for an {@link #attach attached} node. */
  public Path logFile() {
    return logFile;
  }

  /** The options the node was started with. */
  public Options options() {
    return options;
  }

  /** Whether the node process is still running (for an attached node: whether it answers). */
  public boolean isAlive() {
    if (process != null) {
      return process.isAlive();
    }
    try {
      rpc.call("eth_chainId");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The unlocked accounts (eth_accounts), each funded with 10000 ETH. */
  public List<String> accounts() {
    List<String> accounts = new ArrayList<>();
    call("eth_accounts").forEach(account -> accounts.add(account.asText()));
    return accounts;
  }

  /**
   * Calls a JSON-RPC method with positional params and returns the result.
   *
   * @throws JsonRpcException when the node answers with an error
   */
  public JsonNode call(String method, Object... params) {
    return rpc.call(method, params);
  }

  /** The latest block number. */
  public long blockNumber() {
    return Hex.toLong(call("eth_blockNumber"));
  }

  /** The block header with transaction hashes, or a JSON null when there is none. */
  public JsonNode block(long number) {
    return block(number, false);
  }

  /** The block with transaction hashes, or full transactions, or a JSON null. */
  public JsonNode block(long number, boolean fullTransactions) {
    return call("eth_getBlockByNumber", Hex.quantity(number), fullTransactions);
  }

  /** Takes an evm_snapshot of the chain; the id is good for one {@link #revert(String)}. */
  public String snapshot() {
    return call("evm_snapshot").asText();
  }

  /** Reverts to a snapshot: blocks after it are dropped, the next ones mined replace them. */
  public void revert(String snapshotId) {
    JsonNode reverted = call("evm_revert", snapshotId);
    if (!reverted.asBoolean(false)) {
      throw new IllegalStateException("evm_revert to " + snapshotId + " answered " + reverted);
    }
  }

  /** Mines {@code blocks} blocks, one evm_mine each (never hardhat_mine: zero parent hashes). */
  public void mine(int blocks) {
    for (int i = 0; i < blocks; i++) {
      call("evm_mine");
    }
  }

  /** Deploys a new TestToken from the first account. */
  public TestToken deployToken() {
    JsonNode artifact = artifact("TestToken");
    String from = accounts().get(0);
    JsonNode receipt = transact(from, null, Hex.decode(artifact.get("bytecode").asText()));
    return new TestToken(this, receipt.get("contractAddress").asText(), from, artifact.get("abi"));
  }

  /** The compiled artifact of a contract: {@code abi}, {@code bytecode}, ... */
  public JsonNode artifact(String contract) {
    try {
      return JsonRpcClient.MAPPER.readTree(project.artifact(contract).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the artifact of " + contract, e);
    }
  }

  /**
   * The logs of a block range (eth_getLogs), optionally of one address and topic0 (null for any).
   */
  public List<JsonNode> getLogs(long fromBlock, long toBlock, String address, String topic0) {
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("fromBlock", Hex.quantity(fromBlock));
    filter.put("toBlock", Hex.quantity(toBlock));
    if (address != null) {
      filter.put("address", address);
    }
    if (topic0 != null) {
      filter.put("topics", List.of(topic0));
    }
    List<JsonNode> logs = new ArrayList<>();
    call("eth_getLogs", filter).forEach(logs::add);
    return logs;
  }

  /**
   * Sends a transaction from an unlocked account (eth_sendTransaction, gas estimated) and waits for
   * its receipt.
   *
   * @param to the recipient, null to create a contract
   * @return the receipt, whose status is 1
   * @throws IllegalStateException when the transaction reverts
   */
  public JsonNode transact(String from, String to, byte[] data) {
    Map<String, Object> tx = new LinkedHashMap<>();
    tx.put("from", from);
    if (to != null) {
      tx.put("to", to);
    }
    tx.put("data", Hex.encode(data));
    String hash = call("eth_sendTransaction", tx).asText();
    JsonNode receipt = receipt(hash);
    if (Hex.toLong(receipt.get("status")) != 1) {
      throw new IllegalStateException("transaction " + hash + " reverted: " + receipt);
    }
    return receipt;
  }

  /** Waits for the receipt of a transaction (up to 60 s, for interval mining). */
  public JsonNode receipt(String txHash) {
    long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
    while (true) {
      JsonNode receipt = call("eth_getTransactionReceipt", txHash);
      if (!receipt.isNull()) {
        return receipt;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no receipt for " + txHash + " within " + RECEIPT_TIMEOUT);
      }
      sleep(20);
    }
  }

  /** Calls a contract read-only (eth_call at latest) and returns the raw return data. */
  public byte[] ethCall(String to, byte[] data) {
    Map<String, Object> tx = new LinkedHashMap<>();
    tx.put("to", to);
    tx.put("data", Hex.encode(data));
    return Hex.decode(call("eth_call", tx, "latest").asText());
  }

  /** Stops the node and all its child processes, unless this is the {@link #shared()} node. */
  @Override
  public void close() {
    if (!isShared) {
      stop();
    }
  }

  private synchronized void stop() {
    if (stopped || process == null) {
      return;
    }
    stopped = true;
    try {
      // Closing stdin asks scripts/node.js to exit; the tree is then stopped either way.
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed: the process is going anyway.
    }
    Processes.destroyTree(process.toHandle(), Duration.ofSeconds(10));
  }

  private static Path logFile(Options options) {
    try {
      if (options.logFile() != null) {
        Path parent = options.logFile().toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        return options.logFile();
      }
      Path file = Files.createTempFile("devchain-", ".log");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the dev chain log file", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the dev chain", e);
    }
  }

  /** The node could not bind its port. */
  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }
}
