package dev.eventstreamer.infra.devchain;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Node.js 20+ and npm the dev chain runs with: found on the machine or fetched once. */
public final class NodeToolchain {

  /** System property naming the node executable; when set, it is used as is. */
  public static final String NODE_PROPERTY = "eventstreamer.devchain.node";

  /** System property naming the npm executable; default beside a configured node, else PATH. */
  public static final String NPM_PROPERTY = "eventstreamer.devchain.npm";

  /** The Node.js release fetched when the machine has no Node.js 20+ with npm. */
  public static final String PINNED_NODE = "20.20.2";

  /** The npm fetched with {@link #PINNED_NODE}. */
  public static final String PINNED_NPM = "10.9.8";

  static final int MIN_NODE_MAJOR = 20;
  // npm 7 is the first that reads lockfileVersion 3; any Node 20 ships a newer one.
  static final int MIN_NPM_MAJOR = 7;

  private static final Pattern MAJOR = Pattern.compile("^v?(\\d+)\\.");

  /** Where a toolchain came from. */
  public enum Origin {
    /** Named by {@link #NODE_PROPERTY} or {@link #NPM_PROPERTY}. */
    PROPERTY,
    /** The node and npm on the PATH. */
    PATH,
    /** The pinned release, fetched into the cache by an earlier run. */
    CACHED,
    /** The pinned release, fetched into the cache by this call. */
    FETCHED
  }

  private final String node;
  private final String npm;
  private final String nodeVersion;
  private final String npmVersion;
  private final Origin origin;
  private final String how;

  NodeToolchain(
      String node, String npm, String nodeVersion, String npmVersion, Origin origin, String how) {
    this.node = Objects.requireNonNull(node, "node");
    this.npm = Objects.requireNonNull(npm, "npm");
    this.nodeVersion = Objects.requireNonNull(nodeVersion, "nodeVersion");
    this.npmVersion = npmVersion;
    this.origin = Objects.requireNonNull(origin, "origin");
    this.how = Objects.requireNonNull(how, "how");
  }

  /**
   * The toolchain to use, in this order: the one the system properties name; node 20+ with npm on
   * the PATH; the pinned Node.js {@value #PINNED_NODE} in {@code
   * ${XDG_CACHE_HOME:-~/.cache}/eventstreamer/node-}{@value #PINNED_NODE}; else that release
   * fetched there with the machine's npm (any version, from the registry npm is configured with).
   * Fetches are atomic and one at a time across JVMs.
   *
   * @param progress told, in a line each, what takes a while (a fetch, a wait for another one)
   * @throws IllegalStateException with what to install when there is neither a Node.js 20+ nor an
   *     npm to fetch one, or when the fetch fails
   */
  public static NodeToolchain find(Consumer<String> progress) {
    return NodeFinder.fromSystem().find(progress);
  }

  /** {@link #find(Consumer)}, its progress only logged. */
  public static NodeToolchain find() {
    return find(line -> {});
  }

  /** The node executable. */
  public String node() {
    return node;
  }

  /** The npm executable. */
  public String npm() {
    return npm;
  }

  /** What {@code node --version} printed, e.g. {@code v20.20.2}. */
  public String nodeVersion() {
    return nodeVersion;
  }

  /** Where this toolchain came from. */
  public Origin origin() {
    return origin;
  }

  /**
   * One line for people: version, path, npm and where it came from, e.g. {@code v20.20.2 at
   * /usr/bin/node, npm 10.9.8 (found on PATH)}.
   */
  public String describe() {
    return nodeVersion
        + " at "
        + node
        + (npmVersion == null ? "" : ", npm " + npmVersion)
        + " ("
        + how
        + ")";
  }

  @Override
  public String toString() {
    return "node " + describe();
  }

  /**
   * The environment for node and npm processes: the node's directory first on the PATH, so that an
   * npm script's {@code #!/usr/bin/env node} (and anything node spawns) runs this node.
   */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    Path parent = Path.of(node).getParent();
    if (parent != null) {
      String path = System.getenv("PATH");
      env.put(
          "PATH",
          path == null || path.isEmpty() ? parent.toString() : parent + File.pathSeparator + path);
    }
    return env;
  }

  /** Checks npm 7+ (a configured npm is checked only when needed) and returns both versions. */
  String requireNpm() {
    String version = npmVersion != null ? npmVersion : NodeFinder.probe(npm, null).output();
    if (!atLeast(version, MIN_NPM_MAJOR)) {
      throw new IllegalStateException(
          "npm "
              + MIN_NPM_MAJOR
              + "+ is needed to install the dev chain's packages; "
              + npm
              + " answered '"
              + version
              + "'. Point the system property "
              + NPM_PROPERTY
              + " at a newer one, or leave both "
              + NODE_PROPERTY
              + " and "
              + NPM_PROPERTY
              + " unset to use Node.js "
              + PINNED_NODE
              + " with its npm.");
    }
    return "node " + nodeVersion + ", npm " + version;
  }

  /** Whether a version string (e.g. {@code v20.1.0}, {@code 10.9.8}) has at least that major. */
  static boolean atLeast(String version, int major) {
    if (version == null) {
      return false;
    }
    Matcher matcher = MAJOR.matcher(version);
    return matcher.find() && Integer.parseInt(matcher.group(1)) >= major;
  }
}
