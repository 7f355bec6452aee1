package io.ratify.api.internal.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ratify.api.internal.parse.BoundedFiles.Links;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFilesTest {
  @TempDir Path dir;

  @Test
  void readsUpToTheBound() throws IOException {
    Path f = Files.write(dir.resolve("f"), new byte[100]);
    assertArrayEquals(new byte[100], BoundedFiles.read(f, 100, Links.REFUSE));
    assertThrows(
        BoundedFiles.TooLargeException.class, () -> BoundedFiles.read(f, 99, Links.REFUSE));
    Path big = Files.write(dir.resolve("big"), new byte[300_000]);
    assertArrayEquals(new byte[300_000], BoundedFiles.read(big, 300_000, Links.FOLLOW));
    assertThrows(
        BoundedFiles.TooLargeException.class, () -> BoundedFiles.read(big, 299_999, Links.FOLLOW));
  }

  @Test
  void refusesLinksOnlyWhenAsked() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), f);
    assertThrows(
        BoundedFiles.NotRegularFileException.class,
        () -> BoundedFiles.read(link, 10, Links.REFUSE));
    assertArrayEquals(new byte[] {'x'}, BoundedFiles.read(link, 10, Links.FOLLOW));
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nothing"));
    assertThrows(
        BoundedFiles.NotRegularFileException.class,
        () -> BoundedFiles.read(dangling, 10, Links.REFUSE));
    assertThrows(
        BoundedFiles.NotRegularFileException.class, () -> BoundedFiles.read(dir, 10, Links.REFUSE));
    assertThrows(
        NoSuchFileException.class, () -> BoundedFiles.read(dir.resolve("no"), 10, Links.REFUSE));
  }

  @Test
  void aLinkedDirectoryAboveTheFileIsFollowed() throws IOException {
    Path real = Files.createDirectory(dir.resolve("real"));
    Files.writeString(real.resolve("f"), "y");
    Path linkedDir = Files.createSymbolicLink(dir.resolve("linked"), real);
    assertArrayEquals(
        new byte[] {'y'}, BoundedFiles.read(linkedDir.resolve("f"), 10, Links.REFUSE));
  }
}
