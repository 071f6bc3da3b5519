package dev.eventstreamer.infra.devchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs that need the pinned node at once (test forks, launcher and tests) fetch it once. */
class NodeFetchConcurrencyTest {

  @Test
  void twoJvmsFetchingAtOnceFetchOnce(@TempDir Path tmp) throws Exception {
    Path bin = tmp.resolve("bin");
    Path cache = tmp.resolve("cache");
    FakeNode.node(bin, "v18.19.0");
    // Slow enough that the second JVM asks while the first one still fetches.
    FakeNode.npm(bin, "9.2.0", 4);

    List<Process> jvms = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      jvms.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  FindNodeMain.class.getName(),
                  bin.toString(),
                  cache.toString())
              .redirectErrorStream(true)
              .start());
    }
    List<String> outputs = new ArrayList<>();
    for (Process jvm : jvms) {
      String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), output);
      assertEquals(0, jvm.exitValue(), output);
      outputs.add(output);
    }

    Path node = cache.resolve("node-" + NodeToolchain.PINNED_NODE).resolve("bin/node");
    List<String> installs = Files.readAllLines(bin.resolve(FakeNode.INSTALL_LOG));
    assertEquals(1, installs.size(), "one fetch for both: " + installs + " " + outputs);
    List<String> origins = new ArrayList<>();
    for (String output : outputs) {
      assertTrue(output.contains("node=" + node + "\n"), output);
      origins.add(output.lines().filter(l -> l.startsWith("origin=")).findFirst().orElseThrow());
    }
    assertEquals(
        List.of("origin=CACHED", "origin=FETCHED"),
        origins.stream().sorted().toList(),
        outputs.toString());
    try (Stream<Path> entries = Files.list(cache)) {
      assertEquals(
          List.of("node-20.20.2", "node-20.20.2-fetch.log", "node-20.20.2.lock"),
          entries.map(p -> p.getFileName().toString()).sorted().toList(),
          "no partial folder left");
    }
  }
}
