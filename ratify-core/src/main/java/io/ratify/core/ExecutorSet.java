package io.ratify.core;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ValidationResult;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.config.ConfigSet;
import io.ratify.core.config.ExecutorConfig;
import io.ratify.core.internal.routing.RequestKey;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The executors of a {@link ConfigSet}, built and ready, with requests routed to them by scope and
 * namespace (Ratify v2's scoped executor, plus v1's namespaced configuration).
 *
 * <h2>Guarantees</h2>
 *
 * {@link #create} builds every executor or none: a failure part-way closes what it had built, and
 * plugin errors name the file, document and field they come from. Routing is {@link
 * ConfigSet#select(String)}: most specific scope first, the request's namespace before the cluster,
 * and a subject no scope covers fails with {@link ErrorCode#EXECUTOR_FAILURE} ("no executor
 * configured for scope …"), never success. Thread-safe; {@link #close()} closes every executor.
 */
public final class ExecutorSet implements AutoCloseable {
  private final ConfigSet config;
  private final Map<ExecutorConfig, Executor> executors;

  private ExecutorSet(ConfigSet config, Map<ExecutorConfig, Executor> executors) {
    this.config = config;
    this.executors = executors;
  }

  /**
   * Creates every executor of {@code config} with {@code factory}.
   *
   * @param config the configuration
   * @param factory creates each executor
   * @return the built set
   * @throws RatifyException the first plugin or configuration failure
   */
  public static ExecutorSet create(ConfigSet config, ExecutorFactory factory)
      throws RatifyException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(factory, "factory");
    IdentityHashMap<ExecutorConfig, Executor> built = new IdentityHashMap<>();
    boolean done = false;
    try {
      for (ExecutorConfig e : config.executors()) {
        try {
          built.put(e, factory.create(e.config()));
        } catch (RatifyException x) {
          // errors from the plugin registry (PLUGIN_NOT_FOUND) do not know where the type was
          // declared: say which executor asked for it
          if (x.detail().contains(e.origin())) {
            throw x;
          }
          throw new RatifyException(
              x.code(), e.origin() + ": " + x.detail(), x.remediation().orElse(null), x);
        }
      }
      done = true;
      return new ExecutorSet(config, built);
    } finally {
      if (!done) {
        built.values().forEach(Executor::close);
      }
    }
  }

  /**
   * Loads files or directories of configuration ({@link ConfigLoader#loadSet(List)}) and creates
   * their executors with the plugins on the class path.
   *
   * @param paths files and directories
   * @return the built set
   * @throws RatifyException as {@link ConfigLoader#loadSet(List)} and {@link #create}
   */
  public static ExecutorSet load(List<Path> paths) throws RatifyException {
    return create(ConfigLoader.loadSet(paths), ExecutorFactory.usingDefaultRegistry());
  }

  /**
   * The configuration the executors were built from.
   *
   * @return the configuration
   */
  public ConfigSet config() {
    return config;
  }

  /**
   * A routed request: the executor chosen, why, and the parsed subject.
   *
   * @param executorConfig the chosen executor's configuration
   * @param executor the chosen executor
   * @param namespace the request's namespace, {@code ""} for cluster scope
   * @param subject the subject without the namespace prefix
   */
  public record Route(
      ExecutorConfig executorConfig, Executor executor, String namespace, Reference subject) {}

  /**
   * Routes a request key ({@code image} or {@code [namespace]image}).
   *
   * @param key the request key
   * @return the route
   * @throws RatifyException {@link ErrorCode#REFERENCE_INVALID} for an unparsable key, {@link
   *     ErrorCode#EXECUTOR_FAILURE} when no scope matches
   */
  public Route route(String key) throws RatifyException {
    RequestKey k = RequestKey.parse(key);
    Reference subject = Reference.parse(k.subject());
    ExecutorConfig chosen = config.select(k.namespace(), subject);
    return new Route(chosen, executors.get(chosen), k.namespace(), subject);
  }

  /**
   * Validates the subject of a request key with the executor its scope selects.
   *
   * @param key the request key
   * @return the validation result
   * @throws RatifyException as {@link #route(String)} and {@link Executor#validate(String)}
   */
  public ValidationResult validate(String key) throws RatifyException {
    Route r = route(key);
    return r.executor().validate(r.subject(), r.subject().toString());
  }

  /**
   * The executors, in declaration order of their configurations.
   *
   * @return the executors
   */
  public List<Executor> executors() {
    return config.executors().stream().map(executors::get).toList();
  }

  /** Closes every executor. */
  @Override
  public void close() {
    for (ExecutorConfig e : config.executors()) {
      Executor x = executors.get(e);
      if (x != null) {
        x.close();
      }
    }
  }
}
