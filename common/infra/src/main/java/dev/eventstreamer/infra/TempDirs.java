package dev.eventstreamer.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Temporary data directories for servers, and their removal. */
public final class TempDirs {

  private TempDirs() {}

  /** A new empty directory under java.io.tmpdir. */
  public static Path create(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory " + prefix, e);
    }
  }

  /** Deletes {@code dir} and everything below it; best effort, never throws. */
  public static void deleteQuietly(Path dir) {
    // A server shutting down (or its own shutdown hook) may still remove files while we walk.
    for (int attempt = 0; attempt < 3 && dir != null && Files.exists(dir); attempt++) {
      try {
        Files.walkFileTree(dir, new Deleter());
      } catch (IOException e) {
        // Tried again below; what is left after that is left to the OS's temp cleanup.
      }
    }
  }

  private static final class Deleter extends SimpleFileVisitor<Path> {
    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      deleteOne(file);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
      deleteOne(dir);
      return FileVisitResult.CONTINUE;
    }

    private static void deleteOne(Path path) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // Not empty yet because something still writes there: the next attempt gets it.
      }
    }
  }
}
