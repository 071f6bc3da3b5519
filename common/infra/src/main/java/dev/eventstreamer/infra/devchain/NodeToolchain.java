package dev.eventstreamer.infra.devchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The node and npm executables the dev chain runs with, checked to be Node.js 20 or newer. */
record NodeToolchain(String node, String npm) {

  /** System property naming the node executable; default {@code node} on the PATH. */
  static final String NODE_PROPERTY = "eventstreamer.devchain.node";

  /** System property naming the npm executable; default beside a configured node, else PATH. */
  static final String NPM_PROPERTY = "eventstreamer.devchain.npm";

  static final int MIN_NODE_MAJOR = 20;
  // npm 7 is the first that reads lockfileVersion 3; any Node 20 ships a newer one.
  static final int MIN_NPM_MAJOR = 7;

  private static final Pattern MAJOR = Pattern.compile("^v?(\\d+)\\.");
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

  /** The executables named by system properties, else found on the PATH. */
  static NodeToolchain fromSystemProperties() {
    String node = System.getProperty(NODE_PROPERTY, "node");
    String npm = System.getProperty(NPM_PROPERTY);
    if (npm == null) {
      npm = defaultNpm(node);
    }
    return new NodeToolchain(node, npm);
  }

  /** Checks that node is 20+ and returns its version, else throws IllegalStateException. */
  String requireNode() {
    String version = version(node);
    if (!atLeast(version, MIN_NODE_MAJOR)) {
      throw notFound("node " + version);
    }
    return version;
  }

  /** Checks that node is 20+ and npm 7+ and returns both versions, else throws. */
  String requireNodeAndNpm() {
    String nodeVersion = version(node);
    String npmVersion = version(npm);
    if (!atLeast(nodeVersion, MIN_NODE_MAJOR) || !atLeast(npmVersion, MIN_NPM_MAJOR)) {
      throw notFound("node " + nodeVersion + ", npm " + npmVersion);
    }
    return "node " + nodeVersion + ", npm " + npmVersion;
  }

  private static IllegalStateException notFound(String found) {
    return new IllegalStateException(
        "Node.js "
            + MIN_NODE_MAJOR
            + "+ with npm is needed for the dev chain (found: "
            + found
            + "). Install it, or point"
            + " the system properties "
            + NODE_PROPERTY
            + " and "
            + NPM_PROPERTY
            + " at it.");
  }

  /** The version an executable prints for --version, or why it printed none. */
  private static String version(String executable) {
    try {
      return Processes.capture(List.of(executable, "--version"), VERSION_TIMEOUT);
    } catch (IOException e) {
      return "none at '" + executable + "' (" + e.getMessage() + ")";
    }
  }

  private static boolean atLeast(String version, int major) {
    Matcher matcher = MAJOR.matcher(version);
    return matcher.find() && Integer.parseInt(matcher.group(1)) >= major;
  }

  private static String defaultNpm(String node) {
    String npmName = isWindows() ? "npm.cmd" : "npm";
    Path nodePath = Path.of(node);
    // A node given by path (e.g. an unpacked Node.js distribution) has its npm beside it.
    if (nodePath.getParent() != null) {
      Path sibling = nodePath.getParent().resolve(npmName);
      if (Files.isExecutable(sibling)) {
        return sibling.toString();
      }
    }
    return npmName;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
