package dev.eventstreamer.infra.devchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.devchain.NodeToolchain.Origin;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real fetch of the pinned Node.js with the machine's npm when the PATH has a Node 18. */
class NodeFetchTest {

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aNode18MachineGetsThePinnedNodeAndTheDevChainRunsOnIt(@TempDir Path tmp) throws Exception {
    String realPath = System.getenv("PATH");
    String realNode = which("node", realPath);
    assertNotNull(realNode, "this test needs node and npm on the PATH, as the dev chain does");
    Path bin = tmp.resolve("bin");
    FakeNode.nodeRunningOn(bin, "v18.19.0", realNode);
    String path = bin + File.pathSeparator + realPath;
    Path cache = tmp.resolve("cache");
    NodeFinder finder =
        new NodeFinder(
            null, null, path, cache, System.getProperty("os.name"), System.getProperty("os.arch"));
    List<String> progress = new ArrayList<>();

    NodeToolchain fetched = finder.find(progress::add);

    Path pinned = cache.resolve("node-" + NodeToolchain.PINNED_NODE);
    assertEquals(Origin.FETCHED, fetched.origin(), fetched.describe());
    assertEquals(pinned.resolve("bin/node").toString(), fetched.node());
    assertEquals(1, progress.size(), progress.toString());
    assertTrue(
        progress.get(0).startsWith("fetching Node.js " + NodeToolchain.PINNED_NODE)
            && progress
                .get(0)
                .endsWith(", as the PATH has node v18.19.0 at " + bin.resolve("node")),
        progress.get(0));
    // The real binary: its own version and its own path, not the machine's node.
    String running =
        Processes.capture(
            List.of(
                fetched.node(),
                "-e",
                "process.stdout.write(process.version + ' ' + process.execPath)"),
            Map.of(),
            RUN_TIMEOUT);
    assertEquals(
        "v" + NodeToolchain.PINNED_NODE + " " + Path.of(fetched.node()).toRealPath(), running);
    assertEquals(
        NodeToolchain.PINNED_NPM,
        Processes.capture(List.of(fetched.npm(), "--version"), Map.of(), RUN_TIMEOUT));

    NodeToolchain again = finder.find(progress::add);
    assertEquals(Origin.CACHED, again.origin(), again.describe());
    assertEquals(fetched.node(), again.node());
    assertEquals(1, progress.size(), "no second fetch: " + progress);

    try (DevChain chain = DevChain.start(DevChain.Options.defaults(), again)) {
      assertEquals(31337, chain.chainId());
      String binary = Path.of(fetched.node()).toRealPath().toString();
      assertTrue(
          ProcessHandle.current()
              .descendants()
              .anyMatch(p -> p.info().command().map(binary::equals).orElse(false)),
          "the dev chain runs on " + binary);
      long before = chain.blockNumber();
      chain.mine(1);
      assertEquals(before + 1, chain.blockNumber());
    }
    assertTrue(Files.isDirectory(pinned));
  }

  private static String which(String name, String path) {
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    return null;
  }
}
