package dev.eventstreamer.infra.devchain;

import java.nio.file.Path;

/** A JVM that finds (or fetches) node over a given PATH and cache and prints what it got. */
public final class FindNodeMain {

  private FindNodeMain() {}

  /** Arguments: the PATH, the cache folder. */
  public static void main(String[] args) {
    NodeToolchain toolchain =
        new NodeFinder(null, null, args[0], Path.of(args[1]), "Linux", "amd64").find(line -> {});
    System.out.println("origin=" + toolchain.origin());
    System.out.println("node=" + toolchain.node());
  }
}
