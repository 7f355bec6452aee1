package io.ratify.core.config;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.core.internal.routing.RequestKey;
import io.ratify.core.internal.routing.Scope;
import io.ratify.core.internal.routing.ScopeTable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole configuration: the executors (each a {@link RatifyConfig} with its scopes and namespace)
 * and how a request is routed to one of them, without creating any plugin. {@link
 * io.ratify.core.ExecutorSet} builds and runs them.
 *
 * <h2>Routing</h2>
 *
 * A request key is {@code image} (cluster scope) or {@code [namespace]image}. The namespace's
 * executors are tried first, then the cluster's. Within a level the most specific scope wins: an
 * exact repository ({@code registry/namespace/repo}), then an exact registry ({@code
 * registry.example.com[:port]}), then a wildcard registry ({@code *.example.com}, one more leading
 * label). An unscoped (Ratify v1) configuration takes every subject of its level. A subject with no
 * match fails with {@link ErrorCode#EXECUTOR_FAILURE} "no executor configured for scope …", never
 * success.
 *
 * <h2>Guarantees</h2>
 *
 * Immutable. Built only when every scope is valid (a bare {@code *} is not), no scope is claimed
 * twice at one level, and no level mixes scoped executors with an unscoped configuration; else
 * {@link ErrorCode#CONFIG_INVALID} naming the executors. A lookup costs at most six hash lookups,
 * whatever the number of scopes.
 */
public final class ConfigSet {
  private final List<ExecutorConfig> executors;
  private final ScopeTable<ExecutorConfig> table;

  private ConfigSet(List<ExecutorConfig> executors, ScopeTable<ExecutorConfig> table) {
    this.executors = executors;
    this.table = table;
  }

  /**
   * Validates and routes {@code executors}.
   *
   * @param executors the executors, in declaration order
   * @return the set
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} for an invalid or doubly claimed
   *     scope, a level that mixes forms, or no executor at all
   */
  public static ConfigSet of(List<ExecutorConfig> executors) throws RatifyException {
    List<ExecutorConfig> list = List.copyOf(executors);
    if (list.isEmpty()) {
      throw invalid("the configuration declares no executor", "declare an Executor");
    }
    ScopeTable<ExecutorConfig> table = new ScopeTable<>();
    for (ExecutorConfig e : list) {
      String ns = e.namespace().orElse("");
      String owner = describe(e);
      if (e.unscoped()) {
        Optional<String> conflict = table.addUnscoped(ns, e, owner);
        if (conflict.isPresent()) {
          throw invalid(e.origin() + ": " + conflict.get(), "fix the configuration");
        }
        continue;
      }
      for (int i = 0; i < e.scopes().size(); i++) {
        StringBuilder why = new StringBuilder();
        Optional<Scope> scope = Scope.parse(e.scopes().get(i), why);
        if (scope.isEmpty()) {
          throw invalid(
              e.origin() + ": field 'spec.scopes[" + i + "]': " + why, "fix the configuration");
        }
        Optional<String> conflict = table.add(ns, scope.get(), e, owner);
        if (conflict.isPresent()) {
          throw invalid(
              e.origin() + ": " + conflict.get(), "give each scope to exactly one executor");
        }
      }
    }
    return new ConfigSet(list, table);
  }

  /**
   * A set holding one unscoped cluster configuration (a Ratify v1 configuration).
   *
   * @param config the configuration
   * @return the set
   * @throws RatifyException never for a built configuration; declared by {@link #of(List)}
   */
  public static ConfigSet of(RatifyConfig config) throws RatifyException {
    Objects.requireNonNull(config, "config");
    return of(List.of(new ExecutorConfig("v1", Optional.empty(), List.of(), config, "(config)")));
  }

  /**
   * The executors, in declaration order.
   *
   * @return the executors
   */
  public List<ExecutorConfig> executors() {
    return executors;
  }

  /**
   * The executor for a request key, without creating anything.
   *
   * @param key {@code image} or {@code [namespace]image}
   * @return the chosen executor's configuration
   * @throws RatifyException {@link ErrorCode#REFERENCE_INVALID} for an unparsable key, {@link
   *     ErrorCode#EXECUTOR_FAILURE} when no executor's scope matches
   */
  public ExecutorConfig select(String key) throws RatifyException {
    RequestKey k = RequestKey.parse(key);
    return select(k.namespace(), Reference.parse(k.subject()));
  }

  /**
   * The executor for {@code subject} in {@code namespace} ({@code ""} for cluster scope).
   *
   * @param namespace the namespace, {@code ""} for cluster scope
   * @param subject the subject
   * @return the chosen executor's configuration
   * @throws RatifyException {@link ErrorCode#EXECUTOR_FAILURE} when no executor's scope matches
   */
  public ExecutorConfig select(String namespace, Reference subject) throws RatifyException {
    return table
        .find(namespace, subject)
        .map(ScopeTable.Entry::value)
        .orElseThrow(() -> noExecutor(namespace, subject));
  }

  /**
   * The failure for a subject no scope covers.
   *
   * @param namespace the request's namespace, {@code ""} for cluster scope
   * @param subject the subject
   * @return the exception to throw
   */
  public static RatifyException noExecutor(String namespace, Reference subject) {
    return new RatifyException(
        ErrorCode.EXECUTOR_FAILURE,
        "no executor configured for scope '"
            + subject.name()
            + "'"
            + (namespace.isEmpty() ? "" : " in namespace '" + namespace + "' or the cluster"),
        "add the repository, its registry or a '*.domain' wildcard to the scopes of an Executor",
        null);
  }

  /**
   * {@code Executor 'name'} or {@code NamespacedExecutor 'namespace/name'}, for messages.
   *
   * @param e the executor
   * @return its description
   */
  public static String describe(ExecutorConfig e) {
    if (e.unscoped()) {
      return "the v1 configuration"
          + e.namespace().map(n -> " of namespace '" + n + "'").orElse("");
    }
    return e.namespace().isPresent()
        ? "NamespacedExecutor '" + e.namespace().get() + "/" + e.name() + "'"
        : "Executor '" + e.name() + "'";
  }

  private static RatifyException invalid(String what, String fix) {
    return new RatifyException(ErrorCode.CONFIG_INVALID, what, fix, null);
  }

  @Override
  public String toString() {
    return "ConfigSet" + executors.stream().map(ConfigSet::describe).toList();
  }
}
