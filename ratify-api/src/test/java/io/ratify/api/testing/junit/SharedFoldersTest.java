package io.ratify.api.testing.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class SharedFoldersTest {
  @TempDir Path dir;

  @Test
  void theFirstExistingCandidateWins() throws Exception {
    Path second = Files.createDirectories(dir.resolve("b/vectors"));
    Path third = Files.createDirectories(dir.resolve("c/vectors"));
    assertEquals(
        second,
        SharedFolders.require("vectors", List.of(dir.resolve("a/vectors"), second, third), true));
  }

  @Test
  void underCiAMissingFolderFailsNamingEveryLocationTried() {
    List<Path> tried = List.of(dir.resolve("a/vectors"), dir.resolve("b/vectors"));
    AssertionError e =
        assertThrows(AssertionError.class, () -> SharedFolders.require("vectors", tried, true));
    for (Path p : tried) {
      assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }
    assertTrue(e.getMessage().contains("RATIFY_VECTORS"), e.getMessage());
  }

  @Test
  void outsideCiAMissingFolderSkipsNamingEveryLocationTried() {
    List<Path> tried = List.of(dir.resolve("a/examples"));
    TestAbortedException e =
        assertThrows(
            TestAbortedException.class, () -> SharedFolders.require("examples", tried, false));
    assertTrue(e.getMessage().contains(tried.get(0).toString()), e.getMessage());
  }

  @Test
  void theCandidatesEndWithTheSharedFolderBesideEachAncestor() {
    List<Path> c = SharedFolders.candidates("vectors");
    Path cwd = Path.of("").toAbsolutePath();
    assertTrue(c.contains(cwd.resolve("shared").resolve("vectors")), c::toString);
    assertTrue(c.contains(cwd.getParent().resolve("shared").resolve("vectors")), c::toString);
  }
}
