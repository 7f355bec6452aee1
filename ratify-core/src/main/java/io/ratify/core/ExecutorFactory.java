package io.ratify.core;

import io.ratify.api.ErrorCode;
import io.ratify.api.KeyManagementProvider;
import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.api.Verifier;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.internal.plugins.DefaultPluginContext;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates an {@link Executor} from a {@link RatifyConfig} with the factories of a {@link
 * PluginRegistry}: key management providers first (verifiers reach them by name through {@link
 * PluginContext}), then the store, the verifiers and the policy. Immutable and thread-safe.
 *
 * <h2>Guarantees</h2>
 *
 * {@link #create} either returns a working executor or throws; a failure part-way closes the store
 * it had created, so nothing is left half-built. Exactly one store is used: the configuration must
 * declare exactly one, unless one is given to {@link #create(RatifyConfig, Store)} (a CLI's {@code
 * --oci-layout} replaces the configured store so).
 */
public final class ExecutorFactory {
  private final PluginRegistry registry;
  private final Clock clock;

  private ExecutorFactory(PluginRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * A factory using {@code registry} and the system clock.
   *
   * @param registry the registry
   * @return a factory using {@code registry} and the system clock
   */
  public static ExecutorFactory of(PluginRegistry registry) {
    return new ExecutorFactory(Objects.requireNonNull(registry, "registry"), Clock.systemUTC());
  }

  /**
   * A factory using the plugins found on the thread context class loader.
   *
   * @return a factory using the plugins found on the thread context class loader
   * @throws RatifyException {@link io.ratify.api.ErrorCode#PLUGIN_INIT_FAILURE} when two factories
   *     claim one type
   */
  public static ExecutorFactory usingDefaultRegistry() throws RatifyException {
    return of(PluginRegistry.load());
  }

  /**
   * A copy whose plugins see {@code c} as their clock (tests pin it).
   *
   * @param c the clock plugins read the time from
   * @return a copy whose plugins see {@code c} as their clock (tests pin it)
   */
  public ExecutorFactory withClock(Clock c) {
    return new ExecutorFactory(registry, Objects.requireNonNull(c, "clock"));
  }

  /**
   * The registry plugins are created from.
   *
   * @return the registry plugins are created from
   */
  public PluginRegistry registry() {
    return registry;
  }

  /**
   * Creates the executor with the configured store.
   *
   * @param config the config
   * @return the executor
   * @throws RatifyException when a plugin type is unknown or a plugin configuration is invalid
   */
  public Executor create(RatifyConfig config) throws RatifyException {
    return create(config, Optional.empty());
  }

  /**
   * Creates the executor with {@code store} instead of the configured stores; the executor owns and
   * closes it.
   *
   * @param config the config
   * @param store the store
   * @return the executor
   * @throws RatifyException when a plugin type is unknown or a plugin configuration is invalid
   */
  public Executor create(RatifyConfig config, Store store) throws RatifyException {
    return create(config, Optional.of(Objects.requireNonNull(store, "store")));
  }

  private Executor create(RatifyConfig config, Optional<Store> override) throws RatifyException {
    Objects.requireNonNull(config, "config");
    if (override.isEmpty() && config.stores().size() != 1) {
      throw new RatifyException(
          ErrorCode.CONFIG_INVALID,
          "the configuration declares "
              + config.stores().size()
              + " stores "
              + config.stores().stream().map(PluginConfig::name).toList()
              + "; exactly one is supported",
          "keep one Store",
          null);
    }
    Map<String, KeyManagementProvider> kmps = new LinkedHashMap<>();
    for (PluginConfig c : config.keyManagementProviders()) {
      PluginContext soFar = new DefaultPluginContext(kmps, clock, config.baseDirectory());
      kmps.put(c.name(), make(c, () -> registry.keyManagementProvider(c.type()).create(c, soFar)));
    }
    PluginContext context = new DefaultPluginContext(kmps, clock, config.baseDirectory());
    Store store = null;
    boolean built = false;
    try {
      if (override.isPresent()) {
        store = override.get();
      } else {
        PluginConfig sc = config.stores().get(0);
        store = make(sc, () -> registry.store(sc.type()).create(sc, context));
      }
      List<Verifier> verifiers = new ArrayList<>();
      for (PluginConfig c : config.verifiers()) {
        verifiers.add(make(c, () -> registry.verifier(c.type()).create(c, context)));
      }
      Executor.Builder b =
          Executor.builder().store(store).verifiers(verifiers).limits(config.limits());
      if (config.policy().isPresent()) {
        PluginConfig pc = config.policy().get();
        b.policy(make(pc, () -> registry.policy(pc.type()).create(pc, context)));
      }
      Executor executor = b.build();
      built = true;
      return executor;
    } finally {
      // whatever went wrong, including an Error from plugin code, a store this call opened is
      // closed again
      if (!built && store != null && override.isEmpty()) {
        try {
          store.close();
        } catch (RuntimeException e) {
          // Store.close() must not throw; a broken one must not hide the original failure
        }
      }
    }
  }

  private interface Creator<T> {
    T create() throws RatifyException;
  }

  /**
   * Runs a factory; a factory that throws unchecked or returns nothing is a typed failure naming
   * the plugin.
   */
  private static <T> T make(PluginConfig c, Creator<T> creator) throws RatifyException {
    T plugin;
    try {
      plugin = creator.create();
    } catch (RuntimeException | LinkageError e) {
      // a LinkageError (NoClassDefFoundError, ...) is a plugin jar without its dependencies: a
      // failure of that
      // plugin, reported like any other, not an error that takes the caller down
      throw new RatifyException(
          ErrorCode.PLUGIN_INIT_FAILURE,
          c.origin() + ": the " + c.type() + " plugin could not be created",
          "check the plugin, its dependencies and its parameters",
          e);
    }
    if (plugin == null) {
      throw new RatifyException(
          ErrorCode.PLUGIN_INIT_FAILURE,
          c.origin() + ": the " + c.type() + " factory returned nothing");
    }
    return plugin;
  }
}
