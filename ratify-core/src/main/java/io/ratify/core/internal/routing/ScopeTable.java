package io.ratify.core.internal.routing;

import io.ratify.api.Reference;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Routes a subject to the value registered for its most specific scope, with at most three hash
 * lookups per level (repository, registry, wildcard suffix) whatever the number of scopes: never a
 * scan of patterns. Levels are a namespace's entries, then the cluster's ({@code ""}). A level may
 * instead hold one unscoped value (a Ratify v1 configuration) that takes every subject. Built
 * single-threaded, then read-only and safe to share.
 *
 * @param <T> what a scope leads to
 */
public final class ScopeTable<T> {
  private final Map<String, Level<T>> levels = new HashMap<>();

  private static final class Level<T> {
    final Map<String, Entry<T>> repositories = new HashMap<>();
    final Map<String, Entry<T>> registries = new HashMap<>();
    final Map<String, Entry<T>> wildcards = new HashMap<>();
    Entry<T> unscoped;
    String scopedBy;

    Map<String, Entry<T>> of(Scope.Kind k) {
      return switch (k) {
        case REPOSITORY -> repositories;
        case REGISTRY -> registries;
        case WILDCARD -> wildcards;
      };
    }
  }

  /**
   * A value with the scope that selected it.
   *
   * @param value the value
   * @param owner names the value's declaration, for messages
   * @param scope the scope as written, empty for an unscoped value
   */
  public record Entry<T>(T value, String owner, Optional<String> scope) {}

  /**
   * Registers {@code value} for {@code scope} at the level of {@code namespace}.
   *
   * @return a conflict description, or empty when registered
   */
  public Optional<String> add(String namespace, Scope scope, T value, String owner) {
    Level<T> level = levels.computeIfAbsent(namespace, n -> new Level<>());
    if (level.unscoped != null) {
      return Optional.of(mixing(namespace, level.unscoped.owner(), owner));
    }
    Map<String, Entry<T>> map = level.of(scope.kind());
    Entry<T> previous = map.get(scope.key());
    if (previous != null) {
      return Optional.of(
          "scope '"
              + scope.text()
              + "' is claimed by both "
              + previous.owner()
              + " and "
              + owner
              + (namespace.isEmpty() ? "" : " in namespace '" + namespace + "'"));
    }
    map.put(scope.key(), new Entry<>(value, owner, Optional.of(scope.text())));
    level.scopedBy = owner;
    return Optional.empty();
  }

  /**
   * Registers {@code value} for every subject at the level of {@code namespace}.
   *
   * @return a conflict description, or empty when registered
   */
  public Optional<String> addUnscoped(String namespace, T value, String owner) {
    Level<T> level = levels.computeIfAbsent(namespace, n -> new Level<>());
    if (level.unscoped != null) {
      return Optional.of(
          "both " + level.unscoped.owner() + " and " + owner + " take every subject");
    }
    if (level.scopedBy != null) {
      return Optional.of(mixing(namespace, level.scopedBy, owner));
    }
    level.unscoped = new Entry<>(value, owner, Optional.empty());
    return Optional.empty();
  }

  private static String mixing(String namespace, String a, String b) {
    return "scoped executors ("
        + a
        + ") and an unscoped v1 configuration ("
        + b
        + ") cannot share "
        + (namespace.isEmpty() ? "the cluster level" : "namespace '" + namespace + "'")
        + "; use one form per level";
  }

  /**
   * The entry for {@code subject}: the namespace's most specific match, else the cluster's.
   *
   * @param namespace the request's namespace, {@code ""} for the cluster
   */
  public Optional<Entry<T>> find(String namespace, Reference subject) {
    if (!namespace.isEmpty()) {
      Level<T> own = levels.get(namespace);
      if (own != null) {
        Entry<T> e = find(own, subject);
        if (e != null) {
          return Optional.of(e);
        }
      }
    }
    Level<T> cluster = levels.get("");
    return cluster == null ? Optional.empty() : Optional.ofNullable(find(cluster, subject));
  }

  private static <T> Entry<T> find(Level<T> level, Reference subject) {
    if (level.unscoped != null) {
      return level.unscoped;
    }
    String registry = Scope.registry(subject.registry());
    Entry<T> e = level.repositories.get(registry + "/" + subject.repository());
    if (e != null) {
      return e;
    }
    e = level.registries.get(registry);
    if (e != null) {
      return e;
    }
    int dot = registry.indexOf('.');
    return dot < 0 ? null : level.wildcards.get(registry.substring(dot + 1));
  }

  /** Whether anything is registered at the level of {@code namespace}. */
  public boolean hasLevel(String namespace) {
    return levels.containsKey(namespace);
  }
}
