package io.ratify.notation.internal.envelope;

import io.ratify.api.testing.junit.SharedFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads upstream test vectors located by {@link io.ratify.api.testing.junit.SharedFolders}. */
public final class TestVectors {
  private TestVectors() {}

  /** The vectors folder, or skips the calling test with the paths tried. */
  public static Path root() {
    return SharedFolders.vectors();
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
