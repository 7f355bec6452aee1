package io.ratify.notation.internal.envelope;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the upstream test vectors: $RATIFY_VECTORS, then -Dratify.vectors, then ../shared/vectors. */
public final class TestVectors {
  private TestVectors() {}

  /** The vectors folder, or skips the calling test with the paths tried. */
  public static Path root() {
    List<Path> tried = new ArrayList<>();
    String env = System.getenv("RATIFY_VECTORS");
    if (env != null && !env.isBlank()) {
      tried.add(Path.of(env));
    }
    String prop = System.getProperty("ratify.vectors");
    if (prop != null && !prop.isBlank()) {
      tried.add(Path.of(prop));
    }
    tried.add(Path.of("").toAbsolutePath().getParent().resolve("../shared/vectors").normalize());
    for (Path p : tried) {
      if (Files.isRegularFile(p.resolve("cases.json"))) {
        return p;
      }
    }
    assumeTrue(false, "upstream vectors not found; tried " + tried);
    throw new IllegalStateException();
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
