package io.ratify.api.testing.junit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The one locator of the folders tests read from outside the repository: the upstream test {@code
 * vectors} and the shared configuration {@code examples}. A folder is looked for, in order, at
 * {@code $RATIFY_VECTORS} / {@code $RATIFY_EXAMPLES}, the system property {@code ratify.vectors} /
 * {@code ratify.examples} (surefire sets {@code ratify.vectors}), next to the vectors folder
 * (examples only), and then at {@code shared/<folder>} beside the working directory and each of its
 * ancestors up to four levels (so {@code ../shared/vectors} relative to the reactor root is found
 * from any module).
 *
 * <p>When a folder is missing, a test that needs it is skipped, naming every location tried, except
 * when the environment variable {@code CI} is set (to anything but blank): then it <b>fails</b>,
 * because a CI run that silently skips the upstream vectors proves nothing.
 */
public final class SharedFolders {
  private static final int ANCESTORS = 4;

  private SharedFolders() {}

  /**
   * The upstream vectors folder (it holds {@code cases.json}); skips or, under CI, fails the
   * calling test when it cannot be found.
   *
   * @return the folder
   */
  public static Path vectors() {
    return require("vectors", candidates("vectors"));
  }

  /**
   * A path inside the vectors folder.
   *
   * @param relative the path below the folder
   * @return the resolved path
   */
  public static Path vectors(String relative) {
    return vectors().resolve(relative);
  }

  /**
   * The vectors folder, if it can be found (for code that decides by itself what to do without it).
   *
   * @return the folder or empty
   */
  public static Optional<Path> findVectors() {
    return first(candidates("vectors"));
  }

  /**
   * The shared configuration examples folder; skips or, under CI, fails the calling test when it
   * cannot be found.
   *
   * @return the folder
   */
  public static Path examples() {
    return require("examples", candidates("examples"));
  }

  /**
   * Every location tried for {@code folder}, in order.
   *
   * @param folder {@code vectors} or {@code examples}
   * @return the candidate paths
   */
  public static List<Path> candidates(String folder) {
    List<Path> out = new ArrayList<>();
    String upper = folder.toUpperCase(java.util.Locale.ROOT);
    for (String s :
        new String[] {System.getenv("RATIFY_" + upper), System.getProperty("ratify." + folder)}) {
      if (s != null && !s.isBlank()) {
        out.add(Path.of(s).toAbsolutePath().normalize());
      }
    }
    if (!folder.equals("vectors")) {
      for (String s :
          new String[] {System.getenv("RATIFY_VECTORS"), System.getProperty("ratify.vectors")}) {
        if (s != null && !s.isBlank()) {
          out.add(Path.of(s).toAbsolutePath().normalize().resolveSibling(folder));
        }
      }
    }
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i <= ANCESTORS && dir != null; i++, dir = dir.getParent()) {
      out.add(dir.resolve("shared").resolve(folder));
    }
    return out;
  }

  private static Optional<Path> first(List<Path> candidates) {
    for (Path p : candidates) {
      if (Files.isDirectory(p)) {
        return Optional.of(p.normalize());
      }
    }
    return Optional.empty();
  }

  private static Path require(String folder, List<Path> candidates) {
    String ci = System.getenv("CI");
    return require(folder, candidates, ci != null && !ci.isBlank());
  }

  /**
   * The first of {@code candidates} that is a directory; otherwise fails ({@code ci}) or skips the
   * calling test, naming every candidate.
   *
   * @param folder the folder's name, for the message
   * @param candidates the locations to try, in order
   * @param ci whether a missing folder fails (as under {@code CI}) instead of skipping
   * @return the folder
   */
  static Path require(String folder, List<Path> candidates, boolean ci) {
    Optional<Path> found = first(candidates);
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        "the shared "
            + folder
            + " folder was not found; tried "
            + candidates
            + " (set RATIFY_"
            + folder.toUpperCase(java.util.Locale.ROOT)
            + " to its location)";
    if (ci) {
      throw new AssertionError("CI is set, so a missing folder fails the test: " + message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }
}
