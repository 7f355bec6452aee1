package io.ratify.notation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the upstream test vectors: {@code $RATIFY_VECTORS}, else system property {@code
 * ratify.vectors} (set by surefire), else {@code ../shared/vectors} relative to the reactor root.
 * Tests that need them are skipped, with the paths tried, when none exists.
 */
public final class VectorFolder {
  private VectorFolder() {}

  /** The vectors folder; aborts the calling test (skip) when it cannot be found. */
  public static Path get() {
    List<Path> tried = new ArrayList<>();
    String env = System.getenv("RATIFY_VECTORS");
    if (env != null && !env.isBlank()) {
      tried.add(Path.of(env));
    }
    String prop = System.getProperty("ratify.vectors");
    if (prop != null && !prop.isBlank()) {
      tried.add(Path.of(prop));
    }
    Path module = Path.of("").toAbsolutePath();
    tried.add(module.getParent().getParent().resolve("shared").resolve("vectors"));
    for (Path p : tried) {
      if (Files.isDirectory(p.resolve("notation-go"))) {
        return p.normalize();
      }
    }
    Assumptions.abort("upstream test vectors not found; tried " + tried);
    throw new AssertionError("unreachable");
  }

  /** A path inside the vectors folder. */
  public static Path resolve(String relative) {
    return get().resolve(relative);
  }
}
