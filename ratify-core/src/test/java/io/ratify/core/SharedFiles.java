package io.ratify.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared folders outside the repository: {@code vectors} ($RATIFY_VECTORS, then
 * -Dratify.vectors, then ../shared/vectors from the project root) and {@code examples}
 * ($RATIFY_EXAMPLES, -Dratify.examples, next to the vectors folder, then ../shared/examples). A
 * missing folder skips the test, naming every path tried.
 */
public final class SharedFiles {
  private SharedFiles() {}

  public static Path vectors() {
    return find("RATIFY_VECTORS", "ratify.vectors", "vectors", null);
  }

  public static Path examples() {
    String vectors =
        firstNonBlank(System.getenv("RATIFY_VECTORS"), System.getProperty("ratify.vectors"));
    Path sibling = vectors == null ? null : Path.of(vectors).resolveSibling("examples");
    return find("RATIFY_EXAMPLES", "ratify.examples", "examples", sibling);
  }

  private static Path find(String env, String property, String folder, Path extra) {
    List<Path> tried = new ArrayList<>();
    for (String s : new String[] {System.getenv(env), System.getProperty(property)}) {
      if (s != null && !s.isBlank()) {
        tried.add(Path.of(s));
      }
    }
    if (extra != null) {
      tried.add(extra);
    }
    Path moduleDir = Path.of("").toAbsolutePath();
    tried.add(moduleDir.resolve("../../shared/" + folder).normalize());
    tried.add(moduleDir.resolve("../shared/" + folder).normalize());
    for (Path p : tried) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    Assumptions.abort("shared " + folder + " folder not found; tried " + tried);
    return null;
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : (b != null && !b.isBlank() ? b : null);
  }
}
