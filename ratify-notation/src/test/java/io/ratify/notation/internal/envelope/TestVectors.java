package io.ratify.notation.internal.envelope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads upstream test vectors located by {@link io.ratify.notation.VectorFolder}. */
public final class TestVectors {
  private TestVectors() {}

  /** The vectors folder, or skips the calling test with the paths tried. */
  public static Path root() {
    return io.ratify.notation.VectorFolder.get();
  }

  /** Reads a file under the vectors folder. */
  public static byte[] read(String relative) {
    try {
      return Files.readAllBytes(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
