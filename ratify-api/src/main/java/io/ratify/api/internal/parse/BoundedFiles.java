package io.ratify.api.internal.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * The one bounded, link-safe way to read a file. The size bound is enforced while reading (a
 * reported size is only a hint: pipes report zero and files grow), and a file meant to be no link
 * is opened with {@code O_NOFOLLOW} on its final component, so a link swapped in after a check is
 * refused by the open itself rather than followed.
 *
 * <p>Which files follow links is the caller's one documented parameter, {@link Links}: trust policy
 * and certificate files do not ({@link Links#REFUSE}, as notation refuses them), a configuration
 * file given on a command line does ({@link Links#FOLLOW}, and may be a pipe such as {@code
 * /dev/stdin}).
 */
public final class BoundedFiles {
  private static final int CHUNK = 64 * 1024;

  /** Whether the final path component may be a symbolic link. */
  public enum Links {
    /** Follow links; any readable file, including pipes and devices. */
    FOLLOW,
    /** The final component must be a regular file, not a link; opened with no-follow. */
    REFUSE
  }

  /** The file is larger than the bound. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(Path file, long max) {
      super(file + " is larger than " + max + " bytes");
    }
  }

  /** The file is a link, a directory or another non-regular file where a regular file is needed. */
  public static final class NotRegularFileException extends IOException {
    private static final long serialVersionUID = 1L;

    NotRegularFileException(Path file, String what) {
      super(file + " is " + what);
    }
  }

  private BoundedFiles() {}

  /**
   * Reads a whole file of at most {@code maxBytes} bytes.
   *
   * @param file the file
   * @param maxBytes the bound, checked while reading
   * @param links whether the final component may be a link (and the file not regular)
   * @return the bytes
   * @throws NoSuchFileException when nothing is there (not even a dangling link)
   * @throws NotRegularFileException when {@link Links#REFUSE} and the file is a link or not regular
   * @throws TooLargeException when the file holds more than {@code maxBytes} bytes
   * @throws IOException when reading fails
   */
  public static byte[] read(Path file, int maxBytes, Links links) throws IOException {
    OpenOption[] options;
    if (links == Links.REFUSE) {
      BasicFileAttributes a;
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isSymbolicLink()) {
        throw new NotRegularFileException(file, "a symbolic link");
      }
      if (!a.isRegularFile()) {
        throw new NotRegularFileException(file, "not a regular file");
      }
      options = new OpenOption[] {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};
    } else {
      options = new OpenOption[] {StandardOpenOption.READ};
    }
    InputStream in;
    try {
      in = Channels.newInputStream(Files.newByteChannel(file, options));
    } catch (FileSystemException e) {
      if (links == Links.REFUSE && Files.isSymbolicLink(file)) {
        // replaced by a link between the check and the open: O_NOFOLLOW refused it
        throw new NotRegularFileException(file, "a symbolic link");
      }
      throw e;
    }
    try (in) {
      byte[] buf = new byte[(int) Math.min(CHUNK, (long) maxBytes + 1)];
      int n = 0;
      while (true) {
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          return Arrays.copyOf(buf, n);
        }
        n += r;
        if (n > maxBytes) {
          throw new TooLargeException(file, maxBytes);
        }
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxBytes + 1));
        }
      }
    }
  }
}
