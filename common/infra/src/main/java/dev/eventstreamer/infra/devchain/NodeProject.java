package dev.eventstreamer.infra.devchain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The packaged node project, extracted, npm-installed and compiled once per content hash. */
final class NodeProject {

  /** System property overriding the cache base, {@code ~/.cache/event-streamer/devchain}. */
  static final String HOME_PROPERTY = "eventstreamer.devchain.home";

  /** The packaged files, relative to {@code devchain/}; add new contracts here. */
  static final List<String> FILES =
      List.of(
          ".npmrc",
          "package.json",
          "package-lock.json",
          "hardhat.config.js",
          "contracts/TestToken.sol",
          "scripts/compile.js",
          "scripts/node.js");

  private static final System.Logger LOG = System.getLogger(DevChain.class.getName());
  private static final String RESOURCE_ROOT = "devchain/";
  private static final String INSTALLED_MARKER = "node_modules/.devchain-npm-ci-done";
  private static final String READY_MARKER = ".devchain-ready";
  private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(5);
  // FileChannel locks are per JVM, not per thread: threads of one JVM queue here first.
  private static final Object JVM_LOCK = new Object();

  private final Path dir;

  private NodeProject(Path dir) {
    this.dir = dir;
  }

  /**
   * Extracts, installs and compiles the project unless that was done before; returns it. The
   * toolchain is asked for only when there is work to do.
   */
  static NodeProject prepare(Supplier<NodeToolchain> toolchain) {
    Map<String, byte[]> files = readResources();
    Path base = cacheBase();
    Path dir = base.resolve(hash(files));
    NodeProject project = new NodeProject(dir);
    if (project.isReady()) {
      return project;
    }
    synchronized (JVM_LOCK) {
      try {
        Files.createDirectories(base);
        try (FileChannel channel =
                FileChannel.open(
                    base.resolve(dir.getFileName() + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.lock()) {
          // Another JVM may have finished the work while this one waited for the lock.
          if (!project.isReady()) {
            project.build(files, toolchain.get());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare the dev chain in " + dir, e);
      }
    }
    return project;
  }

  Path dir() {
    return dir;
  }

  /** The compiled artifact (abi, bytecode) of a contract. */
  Path artifact(String contract) {
    return dir.resolve("build").resolve(contract + ".json");
  }

  private boolean isReady() {
    return Files.exists(dir.resolve(READY_MARKER))
        && Files.exists(dir.resolve(INSTALLED_MARKER))
        && Files.exists(artifact("TestToken"));
  }

  private void build(Map<String, byte[]> files, NodeToolchain toolchain) throws IOException {
    long started = System.nanoTime();
    LOG.log(
        Level.INFO,
        "Preparing the dev chain node project in {0} (first run only: npm ci and"
            + " contract compile, about a minute)",
        dir);
    Files.deleteIfExists(dir.resolve(READY_MARKER));
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path target = dir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
    Map<String, String> env = new HashMap<>(toolchain.environment());
    env.put("NO_COLOR", "1");
    env.put("npm_config_update_notifier", "false");
    if (!Files.exists(dir.resolve(INSTALLED_MARKER))) {
      String versions = toolchain.requireNpm();
      LOG.log(
          Level.INFO, "Dev chain: npm ci with {0} (log: {1})", versions, dir.resolve("npm-ci.log"));
      long t0 = System.nanoTime();
      // No install scripts: nothing in the tree needs one (keccak falls back to JS), and a
      // script could try to download binaries.
      step(
          List.of(toolchain.npm(), "ci", "--ignore-scripts", "--no-audit", "--no-fund"),
          env,
          "npm-ci.log",
          NPM_CI_TIMEOUT);
      Files.writeString(dir.resolve(INSTALLED_MARKER), "ok\n");
      LOG.log(Level.INFO, "Dev chain: npm ci done in {0} s", seconds(t0));
    }
    long t1 = System.nanoTime();
    step(List.of(toolchain.node(), "scripts/compile.js"), env, "compile.log", COMPILE_TIMEOUT);
    LOG.log(Level.INFO, "Dev chain: contracts compiled in {0} s", seconds(t1));
    Files.writeString(dir.resolve(READY_MARKER), "ok\n");
    LOG.log(Level.INFO, "Dev chain node project ready in {0} s", seconds(started));
  }

  private void step(List<String> command, Map<String, String> env, String logName, Duration timeout)
      throws IOException {
    Path log = dir.resolve(logName);
    Files.deleteIfExists(log);
    int exit = Processes.run(command, dir, env, log, timeout);
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed with exit code "
              + exit
              + " in "
              + dir
              + "; last lines of "
              + log
              + ":"
              + System.lineSeparator()
              + Processes.tail(log, 30));
    }
  }

  private static Map<String, byte[]> readResources() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    ClassLoader loader = NodeProject.class.getClassLoader();
    for (String name : FILES) {
      try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + name)) {
        if (in == null) {
          throw new IllegalStateException(
              "resource "
                  + RESOURCE_ROOT
                  + name
                  + " is missing from"
                  + " the classpath (is common-infra built?)");
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read resource " + RESOURCE_ROOT + name, e);
      }
    }
    return files;
  }

  private static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update(
            ByteBuffer.allocate(Long.BYTES + 1)
                .put((byte) 0)
                .putLong(file.getValue().length)
                .flip());
        sha.update(file.getValue());
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path cacheBase() {
    String configured = System.getProperty(HOME_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("event-streamer").resolve("devchain");
  }

  private static String seconds(long startNanos) {
    return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
  }
}
