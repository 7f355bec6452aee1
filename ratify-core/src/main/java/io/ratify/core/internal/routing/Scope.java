package io.ratify.core.internal.routing;

import io.ratify.api.Reference;
import java.util.Locale;
import java.util.Optional;

/**
 * One registry scope in Ratify v2's three forms, normalised for hashed lookup: an exact repository
 * ({@code registry/namespace/repo}), an exact registry ({@code registry.example.com[:port]}) or a
 * wildcard registry ({@code *.example.com}, matching exactly one more leading label). A bare {@code
 * *} is not a scope.
 *
 * @param kind which form
 * @param key the lookup key: {@code registry/repository}, {@code registry}, or the wildcard's
 *     suffix without {@code *.}; registries lower case, {@code index.docker.io} as {@code
 *     docker.io}
 * @param text the scope as written
 */
public record Scope(Kind kind, String key, String text) {
  /** The three forms, most specific first. */
  public enum Kind {
    REPOSITORY,
    REGISTRY,
    WILDCARD
  }

  /**
   * Parses a scope.
   *
   * @return the scope, or empty with {@code why} filled in when it is not one
   */
  public static Optional<Scope> parse(String text, StringBuilder why) {
    if (text == null || text.isBlank()) {
      why.append("a scope must not be empty");
      return Optional.empty();
    }
    if (text.length() > 512) {
      why.append("a scope is at most 512 characters");
      return Optional.empty();
    }
    if (!text.equals(text.strip())) {
      why.append("a scope must not have leading or trailing spaces");
      return Optional.empty();
    }
    if (text.equals("*")) {
      why.append(
          "a bare '*' is not a scope; list exact registries, repositories or '*.domain' wildcards");
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash >= 0) {
      if (text.contains("*")) {
        why.append("a repository scope cannot contain a wildcard");
        return Optional.empty();
      }
      if (text.contains("@")) {
        why.append("a repository scope cannot contain a digest");
        return Optional.empty();
      }
      String registry = registry(text.substring(0, slash));
      String repository = text.substring(slash + 1);
      if (repository.contains(":")) {
        why.append("a repository scope cannot contain a tag");
        return Optional.empty();
      }
      if (!validRegistry(registry) || !validRepository(repository)) {
        why.append(
            "expected registry/namespace/repository with a lower-case repository path and a"
                + " registry host[:port]");
        return Optional.empty();
      }
      return Optional.of(new Scope(Kind.REPOSITORY, registry + "/" + repository, text));
    }
    long stars = text.chars().filter(c -> c == '*').count();
    if (stars == 0) {
      String registry = registry(text);
      if (!validRegistry(registry)) {
        why.append("expected a registry host[:port]");
        return Optional.empty();
      }
      return Optional.of(new Scope(Kind.REGISTRY, registry, text));
    }
    if (stars > 1 || !text.startsWith("*.")) {
      why.append("a wildcard scope is '*.' followed by a domain, with one '*' only");
      return Optional.empty();
    }
    String suffix = registry(text.substring(2));
    if (!validRegistry(suffix)) {
      why.append("a wildcard scope is '*.' followed by a domain");
      return Optional.empty();
    }
    return Optional.of(new Scope(Kind.WILDCARD, suffix, text));
  }

  /** The lookup form of a registry: lower case, {@code index.docker.io} as {@code docker.io}. */
  public static String registry(String host) {
    String h = host;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        h = host.toLowerCase(Locale.ROOT);
        break;
      }
    }
    return h.equals("index.docker.io") ? Reference.DEFAULT_REGISTRY : h;
  }

  private static boolean validRegistry(String registry) {
    try {
      new Reference(registry, "a", Optional.empty(), Optional.empty());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean validRepository(String repository) {
    if (repository.isEmpty()) {
      return false;
    }
    try {
      new Reference("r.io", repository, Optional.empty(), Optional.empty());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
