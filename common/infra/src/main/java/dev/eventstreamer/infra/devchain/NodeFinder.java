package dev.eventstreamer.infra.devchain;

import static dev.eventstreamer.infra.devchain.NodeToolchain.MIN_NODE_MAJOR;
import static dev.eventstreamer.infra.devchain.NodeToolchain.MIN_NPM_MAJOR;
import static dev.eventstreamer.infra.devchain.NodeToolchain.NODE_PROPERTY;
import static dev.eventstreamer.infra.devchain.NodeToolchain.NPM_PROPERTY;
import static dev.eventstreamer.infra.devchain.NodeToolchain.PINNED_NODE;
import static dev.eventstreamer.infra.devchain.NodeToolchain.PINNED_NPM;

import dev.eventstreamer.infra.devchain.NodeToolchain.Origin;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Decides which node and npm the dev chain uses; fetches the pinned release when needed. */
final class NodeFinder {

  // Everything read from the machine (system properties, PATH, cache folder, platform) is given
  // to the constructor, so that tests can stage it.

  private static final System.Logger LOG = System.getLogger(NodeToolchain.class.getName());
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(10);
  private static final String PARTIAL = ".partial-";
  // FileChannel locks are per JVM, not per thread: threads of one JVM queue here first.
  private static final Object JVM_LOCK = new Object();

  private final String nodeProperty;
  private final String npmProperty;
  private final String path;
  private final Path cacheBase;
  private final String osName;
  private final String osArch;

  /**
   * @param nodeProperty the value of {@link NodeToolchain#NODE_PROPERTY}, or null
   * @param npmProperty the value of {@link NodeToolchain#NPM_PROPERTY}, or null
   * @param path the PATH to search, also given to the npm that fetches
   * @param cacheBase the folder that holds {@code node-<version>}
   * @param osName the {@code os.name} system property
   * @param osArch the {@code os.arch} system property
   */
  NodeFinder(
      String nodeProperty,
      String npmProperty,
      String path,
      Path cacheBase,
      String osName,
      String osArch) {
    this.nodeProperty = blankToNull(nodeProperty);
    this.npmProperty = blankToNull(npmProperty);
    this.path = path == null ? "" : path;
    this.cacheBase = cacheBase.toAbsolutePath();
    this.osName = osName;
    this.osArch = osArch;
  }

  /** The finder for this JVM: its system properties, its PATH, the user's cache folder. */
  static NodeFinder fromSystem() {
    return new NodeFinder(
        System.getProperty(NODE_PROPERTY),
        System.getProperty(NPM_PROPERTY),
        System.getenv("PATH"),
        defaultCacheBase(),
        System.getProperty("os.name", ""),
        System.getProperty("os.arch", ""));
  }

  /** {@code ${XDG_CACHE_HOME:-~/.cache}/eventstreamer}. */
  static Path defaultCacheBase() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("eventstreamer");
  }

  /** Where the pinned release lives once fetched. */
  Path pinnedDir() {
    return cacheBase.resolve("node-" + PINNED_NODE);
  }

  /** See {@link NodeToolchain#find(Consumer)}. */
  NodeToolchain find(Consumer<String> progress) {
    if (nodeProperty != null || npmProperty != null) {
      return configured();
    }
    String pathNode = onPath(isWindows() ? "node.exe" : "node");
    String pathNpm = onPath(isWindows() ? "npm.cmd" : "npm");
    Probe node = pathNode == null ? null : probe(pathNode, path);
    Probe npm = null;
    if (node != null && node.atLeast(MIN_NODE_MAJOR) && pathNpm != null) {
      npm = probe(pathNpm, path);
      if (npm.atLeast(MIN_NPM_MAJOR)) {
        return new NodeToolchain(
            pathNode, pathNpm, node.output(), npm.output(), Origin.PATH, "found on PATH");
      }
    }
    String onPath = "the PATH has " + onPathNote(node, pathNpm, npm);
    NodeToolchain cached = cached("fetched before; " + onPath);
    if (cached != null) {
      return cached;
    }
    return fetch(pathNpm, npm, onPath, progress);
  }

  /** The toolchain the system properties name, used as is; node must be 20+. */
  private NodeToolchain configured() {
    String node = nodeProperty != null ? nodeProperty : "node";
    String npm = npmProperty != null ? npmProperty : npmBeside(node);
    Probe probe = probe(node, null);
    if (!probe.atLeast(MIN_NODE_MAJOR)) {
      throw new IllegalStateException(
          "Node.js "
              + MIN_NODE_MAJOR
              + "+ is needed for the dev chain; the system properties "
              + NODE_PROPERTY
              + "="
              + (nodeProperty == null ? "(unset)" : nodeProperty)
              + " and "
              + NPM_PROPERTY
              + "="
              + (npmProperty == null ? "(unset)" : npmProperty)
              + " give "
              + probe.describe("node")
              + ". Point them at a Node.js "
              + MIN_NODE_MAJOR
              + "+ with npm, or leave both unset: then the dev chain uses a Node.js "
              + MIN_NODE_MAJOR
              + "+ on the PATH or fetches Node.js "
              + PINNED_NODE
              + " itself.");
    }
    return new NodeToolchain(
        node,
        npm,
        probe.output(),
        null,
        Origin.PROPERTY,
        "named by the system property " + (nodeProperty != null ? NODE_PROPERTY : NPM_PROPERTY));
  }

  /** The pinned release in the cache when it is complete and runs, else null. */
  private NodeToolchain cached(String how) {
    Path dir = pinnedDir();
    Path node = dir.resolve("bin").resolve("node");
    Path npm = dir.resolve("bin").resolve("npm");
    if (!Files.isExecutable(node) || !Files.isExecutable(npm)) {
      return null;
    }
    Probe nodeProbe = probe(node.toString(), path);
    Probe npmProbe = probe(npm.toString(), path);
    if (!("v" + PINNED_NODE).equals(nodeProbe.output()) || !PINNED_NPM.equals(npmProbe.output())) {
      LOG.log(
          Level.WARNING,
          "{0} holds {1} and {2}, not Node.js {3} with npm {4}: fetching again",
          dir,
          nodeProbe.describe("node"),
          npmProbe.describe("npm"),
          PINNED_NODE,
          PINNED_NPM);
      return null;
    }
    return new NodeToolchain(
        node.toString(), npm.toString(), nodeProbe.output(), npmProbe.output(), Origin.CACHED, how);
  }

  /** Fetches the pinned release with the machine's npm, one JVM at a time, atomically. */
  private NodeToolchain fetch(
      String npm, Probe npmProbe, String onPath, Consumer<String> progress) {
    String nodePackage = nodePackage(onPath);
    if (npm == null) {
      throw new IllegalStateException(
          "The dev chain needs Node.js "
              + MIN_NODE_MAJOR
              + "+ with npm, and "
              + onPath
              + ". It fetches Node.js "
              + PINNED_NODE
              + " (the npm package "
              + nodePackage
              + ") with the machine's npm, of any version, but there is no npm on the PATH."
              + " Install npm"
              + " (Debian, Ubuntu: sudo apt-get install npm), or Node.js "
              + MIN_NODE_MAJOR
              + "+ with npm, or point the system property "
              + NODE_PROPERTY
              + " at a Node.js "
              + MIN_NODE_MAJOR
              + "+.");
    }
    Probe fetcher = npmProbe != null ? npmProbe : probe(npm, path);
    synchronized (JVM_LOCK) {
      try {
        Files.createDirectories(cacheBase);
        try (FileChannel channel =
                FileChannel.open(
                    cacheBase.resolve("node-" + PINNED_NODE + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = lock(channel, progress)) {
          // Another JVM may have fetched it while this one waited for the lock.
          NodeToolchain cached = cached("fetched by another process just now; " + onPath);
          if (cached != null) {
            return cached;
          }
          tell(
              progress,
              "fetching Node.js "
                  + PINNED_NODE
                  + " (npm package "
                  + nodePackage
                  + ") and npm "
                  + PINNED_NPM
                  + " into "
                  + pinnedDir()
                  + " with "
                  + fetcher.describe("npm")
                  + ", as "
                  + onPath);
          long started = System.nanoTime();
          install(npm, nodePackage);
          NodeToolchain fetched = cached("just fetched");
          if (fetched == null) {
            Path bin = pinnedDir().resolve("bin");
            throw new IllegalStateException(
                "Node.js "
                    + PINNED_NODE
                    + " was fetched into "
                    + pinnedDir()
                    + " but does not answer as it should: "
                    + probe(bin.resolve("node").toString(), path).describe("node")
                    + ", "
                    + probe(bin.resolve("npm").toString(), path).describe("npm"));
          }
          String how =
              String.format(
                  Locale.ROOT,
                  "fetched now in %.1f s with %s; %s",
                  (System.nanoTime() - started) / 1e9,
                  fetcher.describe("npm"),
                  onPath);
          return new NodeToolchain(
              fetched.node(),
              fetched.npm(),
              fetched.nodeVersion(),
              PINNED_NPM,
              Origin.FETCHED,
              how);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot fetch Node.js " + PINNED_NODE + " into " + pinnedDir(), e);
      }
    }
  }

  /** Installs the packages into a fresh folder, checks them, then renames it into place. */
  private void install(String npm, String nodePackage) throws IOException {
    Path dir = pinnedDir();
    removeLeftovers();
    Path partial = Files.createTempDirectory(cacheBase, dir.getFileName() + PARTIAL);
    Path log = cacheBase.resolve(dir.getFileName() + "-fetch.log");
    Files.deleteIfExists(log);
    try {
      List<String> command =
          List.of(
              npm,
              "install",
              "--prefix",
              partial.toString(),
              "--no-save",
              "--no-audit",
              "--no-fund",
              "--ignore-scripts",
              "--loglevel=error",
              nodePackage + "@" + PINNED_NODE,
              "npm@" + PINNED_NPM);
      int exit = Processes.run(command, cacheBase, fetchEnvironment(), log, FETCH_TIMEOUT);
      if (exit != 0) {
        throw new IllegalStateException(
            "npm could not fetch Node.js "
                + PINNED_NODE
                + " (exit code "
                + exit
                + " of "
                + String.join(" ", command)
                + "); check that npm reaches its registry (npm ping), or install Node.js "
                + MIN_NODE_MAJOR
                + "+ with npm. Last lines of "
                + log
                + ":"
                + System.lineSeparator()
                + Processes.tail(log, 20));
      }
      Path bin = Files.createDirectories(partial.resolve("bin"));
      Files.createSymbolicLink(
          bin.resolve("node"), Path.of("..", "node_modules", nodePackage, "bin", "node"));
      // npm's own launcher runs whichever node is first on the PATH: this one runs its sibling.
      Path npmLauncher = bin.resolve("npm");
      Files.writeString(
          npmLauncher,
          "#!/bin/sh\n"
              + "bin=${0%/*}\n"
              + "exec \"$bin/node\" \"$bin/../node_modules/npm/bin/npm-cli.js\" \"$@\"\n",
          StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(npmLauncher, PosixFilePermissions.fromString("rwxr-xr-x"));
      // The rename publishes the folder whole: a fetch killed halfway leaves only a partial one.
      Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(partial)) {
        deleteTree(partial);
      }
    }
  }

  private Map<String, String> fetchEnvironment() {
    return Map.of("PATH", path, "NO_COLOR", "1", "npm_config_update_notifier", "false");
  }

  /** Removes what killed fetches left, and a pinned folder that does not run. */
  private void removeLeftovers() throws IOException {
    String prefix = pinnedDir().getFileName() + PARTIAL;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(cacheBase, prefix + "*")) {
      for (Path entry : entries) {
        try {
          deleteTree(entry);
        } catch (IOException e) {
          // An npm orphaned by a killed JVM may still write there; the folder is never used.
          LOG.log(Level.WARNING, "Cannot remove {0} yet: {1}", entry, e.toString());
        }
      }
    }
    Path dir = pinnedDir();
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      LOG.log(Level.WARNING, "Removing the incomplete {0} before fetching again", dir);
      deleteTree(dir);
    }
  }

  /** The npm package with the official Node.js binary for this machine. */
  private String nodePackage(String onPath) {
    String os = osName.toLowerCase(Locale.ROOT);
    String platform = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : null;
    String arch =
        switch (osArch.toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64" -> "x64";
          case "aarch64", "arm64" -> "arm64";
          default -> null;
        };
    if (platform == null || arch == null) {
      throw new IllegalStateException(
          "The dev chain needs Node.js "
              + MIN_NODE_MAJOR
              + "+ with npm, "
              + onPath
              + ", and there is no Node.js package to fetch for "
              + osName
              + " on "
              + osArch
              + ". Install Node.js "
              + MIN_NODE_MAJOR
              + "+ with npm, or point the system property "
              + NODE_PROPERTY
              + " at one.");
    }
    return "node-" + platform + "-" + arch;
  }

  /** What the PATH has instead, e.g. "node v18.19.0 at /usr/bin/node" or "no node". */
  private static String onPathNote(Probe node, String pathNpm, Probe npm) {
    if (node == null) {
      return "no node";
    }
    if (!node.atLeast(MIN_NODE_MAJOR)) {
      return node.describe("node");
    }
    if (pathNpm == null) {
      return node.describe("node") + " and no npm";
    }
    return node.describe("node") + " with " + npm.describe("npm");
  }

  private FileLock lock(FileChannel channel, Consumer<String> progress) throws IOException {
    FileLock lock = tryLock(channel);
    if (lock != null) {
      return lock;
    }
    tell(progress, "waiting for another process that fetches Node.js " + PINNED_NODE);
    while (true) {
      try {
        return channel.lock();
      } catch (OverlappingFileLockException e) {
        // Held by this JVM through another class loader's copy of this class: wait for it.
        sleep(200);
      }
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static void tell(Consumer<String> progress, String line) {
    LOG.log(Level.INFO, line);
    progress.accept(line);
  }

  /** The first executable of that name on the PATH, or null. */
  private String onPath(String name) {
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(entry).resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath().toString();
      }
    }
    return null;
  }

  private static String npmBeside(String node) {
    String npmName = isWindows() ? "npm.cmd" : "npm";
    Path parent = Path.of(node).getParent();
    // A node given by path (e.g. an unpacked Node.js distribution) has its npm beside it.
    if (parent != null && Files.isExecutable(parent.resolve(npmName))) {
      return parent.resolve(npmName).toString();
    }
    return npmName;
  }

  /** What an executable prints for --version, with {@code path} as its PATH unless null. */
  static Probe probe(String executable, String path) {
    // The update notifier could add a line to what --version prints.
    Map<String, String> env = new HashMap<>(Map.of("npm_config_update_notifier", "false"));
    if (path != null) {
      env.put("PATH", path);
    }
    try {
      return new Probe(
          executable,
          Processes.capture(List.of(executable, "--version"), env, VERSION_TIMEOUT),
          null);
    } catch (IOException e) {
      return new Probe(executable, null, e.getMessage());
    }
  }

  /** An executable's answer to --version, or why there was none. */
  record Probe(String executable, String output, String error) {

    boolean atLeast(int major) {
      return NodeToolchain.atLeast(output, major);
    }

    /** E.g. "node v18.19.0 at /usr/bin/node", or "node at /x/node (does not run: ...)". */
    String describe(String name) {
      return output != null
          ? name + " " + output + " at " + executable
          : name + " at " + executable + " (does not run: " + error + ")";
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to fetch Node.js", e);
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
