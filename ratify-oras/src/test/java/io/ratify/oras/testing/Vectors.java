package io.ratify.oras.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the upstream test vectors: {@code $RATIFY_VECTORS}, else system property {@code
 * ratify.vectors}, else {@code ../shared/vectors} relative to the module's parent directory.
 */
public final class Vectors {
  private Vectors() {}

  /** The vectors directory, if present. */
  public static Optional<Path> root() {
    for (Path p : candidates()) {
      if (Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The paths tried, for skip messages. */
  public static List<Path> candidates() {
    List<Path> out = new ArrayList<>();
    Optional.ofNullable(System.getenv("RATIFY_VECTORS"))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .ifPresent(out::add);
    Optional.ofNullable(System.getProperty("ratify.vectors"))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .ifPresent(out::add);
    out.add(Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/vectors"));
    return out;
  }

  /** The notation CLI's e2e OCI layouts directory. */
  public static Optional<Path> notationE2eLayouts() {
    return root()
        .map(r -> r.resolve("notation/test/e2e/testdata/registry/oci_layout"))
        .filter(Files::isDirectory);
  }
}
