package io.ratify.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One executor of a {@link ConfigSet}: its plugins and options, the registry scopes it answers for
 * and the namespace it belongs to.
 *
 * <p>A Ratify v2 {@code Executor} (cluster) or {@code NamespacedExecutor} has one or more scopes. A
 * Ratify v1 configuration (plugin documents or {@code config.json}) has none: it takes every
 * subject of its level, as Ratify v1 does.
 *
 * @param name the executor's name ({@code metadata.name}; for v1, {@code "v1"} or {@code
 *     "v1/<namespace>"})
 * @param namespace the namespace of a namespaced executor, empty for cluster scope
 * @param scopes the scopes as written; empty for an unscoped v1 configuration
 * @param config the plugins and executor options
 * @param origin where it was declared (file and document)
 */
public record ExecutorConfig(
    String name,
    Optional<String> namespace,
    List<String> scopes,
    RatifyConfig config,
    String origin) {
  /**
   * Copies the scopes; rejects nulls.
   *
   * @param name the executor's name
   * @param namespace the namespace of a namespaced executor, empty for cluster scope
   * @param scopes the scopes as written; empty for an unscoped v1 configuration
   * @param config the plugins and executor options
   * @param origin where it was declared
   */
  public ExecutorConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * Whether this takes every subject of its level (a Ratify v1 configuration).
   *
   * @return true when it has no scopes
   */
  public boolean unscoped() {
    return scopes.isEmpty();
  }
}
