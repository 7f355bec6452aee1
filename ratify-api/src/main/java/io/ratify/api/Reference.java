package io.ratify.api;

import io.ratify.api.internal.parse.Printable;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed artifact reference, following the distribution reference grammar with Docker's
 * normalisation: {@code [registry[:port]/]repository[:tag][@digest]}. A first path component is a
 * registry when it contains a {@code .} or {@code :} or is {@code localhost}; otherwise the
 * registry is {@code docker.io}, and single-component Docker Hub repositories get the {@code
 * library/} prefix. A reference with neither tag nor digest gets tag {@code latest}. Both tag and
 * digest may be present: the digest then identifies the content.
 *
 * @param registry the registry host, with port if any ({@code docker.io}, {@code 127.0.0.1:5000})
 * @param repository the repository path, lower case ({@code library/nginx})
 * @param tag the tag, if any
 * @param digest the digest, if any
 */
public record Reference(
    String registry, String repository, Optional<String> tag, Optional<Digest> digest) {
  /** The registry assumed when a reference names none. */
  public static final String DEFAULT_REGISTRY = "docker.io";

  private static final int MAX_NAME_LENGTH = 255;
  private static final int MAX_INPUT_LENGTH = 4096;
  private static final Pattern DOMAIN_COMPONENT =
      Pattern.compile("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:"
              + DOMAIN_COMPONENT
              + "(?:\\."
              + DOMAIN_COMPONENT
              + ")*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  // The last registry and repository that passed the checks: a validation derives references of
  // one name over and over (pinned to each artifact's digest), and the regular expressions cost
  // more than the rest of the derivation. Replaced whole, never mutated, so a reader sees a
  // consistent pair.
  private static volatile String[] lastValidName;

  /**
   * Canonical constructor: checks the components and copies mutable ones.
   *
   * @param registry the registry host, with port if any ({@code docker.io}, {@code 127.0.0.1:5000})
   * @param repository the repository path, lower case ({@code library/nginx})
   * @param tag the tag, if any
   * @param digest the digest, if any
   */
  public Reference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
    checkName(registry, repository);
    tag.ifPresent(
        t -> {
          if (!TAG.matcher(t).matches()) {
            throw new IllegalArgumentException("invalid tag '" + Printable.of(t) + "'");
          }
        });
  }

  private static void checkName(String registry, String repository) {
    String[] known = lastValidName;
    if (known == null || !registry.equals(known[0]) || !repository.equals(known[1])) {
      if (!HOST.matcher(registry).matches()) {
        throw new IllegalArgumentException("invalid registry '" + Printable.of(registry) + "'");
      }
      for (String c : repository.split("/", -1)) {
        if (!PATH_COMPONENT.matcher(c).matches()) {
          throw new IllegalArgumentException(
              "invalid repository '" + Printable.of(repository) + "'");
        }
      }
      lastValidName = new String[] {registry, repository};
    }
  }

  /**
   * Parses a reference.
   *
   * @throws RatifyException with {@link ErrorCode#REFERENCE_INVALID} naming what is wrong
   * @param text the text
   * @return the reference
   */
  public static Reference parse(String text) throws RatifyException {
    if (text == null || text.isBlank()) {
      throw invalid("", "reference is empty");
    }
    if (text.length() > MAX_INPUT_LENGTH) {
      throw invalid(text, "reference is longer than " + MAX_INPUT_LENGTH + " characters");
    }
    String rest = text;
    Optional<Digest> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Optional.of(Digest.parse(rest.substring(at + 1)));
      } catch (RatifyException e) {
        throw invalid(text, e.detail());
      }
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      String t = rest.substring(colon + 1);
      if (!TAG.matcher(t).matches()) {
        throw invalid(
            text, "tag '" + Printable.of(t) + "' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
      }
      tag = Optional.of(t);
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) {
      throw invalid(text, "repository name is empty");
    }
    String registry;
    String repository;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    if (slash >= 0
        && (first.contains(".")
            || first.contains(":")
            || first.equals("localhost")
            || !first.equals(first.toLowerCase(java.util.Locale.ROOT)))) {
      registry = first;
      repository = rest.substring(slash + 1);
      if (!HOST.matcher(registry).matches()) {
        throw invalid(text, "registry '" + Printable.of(registry) + "' is not a valid host[:port]");
      }
    } else {
      registry = DEFAULT_REGISTRY;
      repository = rest;
    }
    if (registry.equals("index.docker.io")) {
      registry = DEFAULT_REGISTRY;
    }
    if (registry.equals(DEFAULT_REGISTRY) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    if (!repository.equals(repository.toLowerCase(java.util.Locale.ROOT))) {
      throw invalid(text, "repository name must be lower case");
    }
    for (String c : repository.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(c).matches()) {
        throw invalid(
            text,
            "repository component '" + Printable.of(c) + "' must match [a-z0-9]+([._-][a-z0-9]+)*");
      }
    }
    if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
      throw invalid(text, "repository name is longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = Optional.of("latest");
    }
    return new Reference(registry, repository, tag, digest);
  }

  private static RatifyException invalid(String text, String why) {
    return new RatifyException(
        ErrorCode.REFERENCE_INVALID,
        "invalid reference '" + Printable.of(text) + "': " + why,
        "use [registry[:port]/]repository[:tag][@sha256:<hex>]",
        null);
  }

  /**
   * {@code registry/repository}.
   *
   * @return {@code registry/repository}
   */
  public String name() {
    return registry + "/" + repository;
  }

  /**
   * A copy that names {@code newDigest}, keeping the tag.
   *
   * @param newDigest the new digest
   * @return a copy that names {@code newDigest}, keeping the tag
   */
  public Reference withDigest(Digest newDigest) {
    return new Reference(registry, repository, tag, Optional.of(newDigest));
  }

  /**
   * {@code registry/repository@digest}, dropping the tag; requires a digest.
   *
   * @param d the d
   * @return {@code registry/repository@digest}, dropping the tag; requires a digest
   */
  public Reference pinned(Digest d) {
    return new Reference(registry, repository, Optional.empty(), Optional.of(d));
  }

  /** The canonical string form: {@code registry/repository[:tag][@digest]}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(name());
    tag.ifPresent(t -> b.append(':').append(t));
    digest.ifPresent(d -> b.append('@').append(d));
    return b.toString();
  }
}
