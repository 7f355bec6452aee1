package io.ratify.examples.cli.internal;

import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The subject of a command: a registry reference, or an OCI layout directory with a tag or digest.
 *
 * @param reference the reference the executor works with; for a layout, its registry and repository
 *     are the trust policy scope
 * @param label how reports name the subject (what the user typed)
 * @param layout the layout directory, when the subject lives in one
 */
public record Subject(Reference reference, String label, Optional<Path> layout) {

  /**
   * The scope a layout subject gets when none is given: trust policies with {@code *} apply to it.
   */
  public static final String DEFAULT_LAYOUT_SCOPE = "localhost/oci-layout";

  /** Parses a registry reference. */
  public static Subject registry(String text) throws RatifyException {
    Reference r = Reference.parse(text);
    return new Subject(r, text, Optional.empty());
  }

  /**
   * Parses notation's layout form {@code DIR:TAG} or {@code DIR@DIGEST}; {@code scope} is the
   * {@code registry/repository} trust policies see.
   */
  public static Subject layout(String text, String scope) throws RatifyException {
    String dir;
    Optional<String> tag = Optional.empty();
    Optional<Digest> digest = Optional.empty();
    int at = text.lastIndexOf('@');
    int colon = text.lastIndexOf(':');
    int sep = Math.max(text.lastIndexOf('/'), text.lastIndexOf(java.io.File.separatorChar));
    // an '@' before the last path separator belongs to a directory name (/home/me@corp/layout:v1),
    // not a digest
    if (at > 0 && at > sep) {
      dir = text.substring(0, at);
      digest = Optional.of(Digest.parse(text.substring(at + 1)));
    } else if (colon > sep && colon > 0) {
      dir = text.substring(0, colon);
      tag = Optional.of(text.substring(colon + 1));
    } else {
      throw new RatifyException(
          ErrorCode.REFERENCE_INVALID,
          "OCI layout subject '" + text + "' names no tag or digest",
          "write DIR:TAG or DIR@sha256:<hex>",
          null);
    }
    Path path = Path.of(dir);
    if (!Files.isDirectory(path)) {
      throw new RatifyException(
          ErrorCode.REFERENCE_INVALID,
          "OCI layout directory '" + dir + "' does not exist",
          "give the directory that holds index.json",
          null);
    }
    String ref = scope + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    return new Subject(Reference.parse(ref), text, Optional.of(path));
  }
}
