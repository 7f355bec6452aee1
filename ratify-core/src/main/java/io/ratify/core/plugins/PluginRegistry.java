package io.ratify.core.plugins;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.spi.KeyManagementProviderFactory;
import io.ratify.spi.PluginFactory;
import io.ratify.spi.PluginKind;
import io.ratify.spi.PolicyEnforcerFactory;
import io.ratify.spi.StoreFactory;
import io.ratify.spi.VerifierFactory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin factories available to an executor, by kind and type. Immutable and thread-safe.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Type names are matched case-insensitively; policy types also ignore {@code -} (Ratify's
 *       normalisation, so {@code configPolicy} finds {@code config-policy}).
 *   <li>Two factories claiming one type or alias of one kind fail the whole registry with {@link
 *       ErrorCode#PLUGIN_INIT_FAILURE} naming both classes: which one would win is never left to
 *       class path order.
 *   <li>A factory that cannot be instantiated, or that was built against another {@link
 *       PluginFactory#SPI_VERSION}, is left out and listed in {@link #problems()}; the others still
 *       load.
 *   <li>An unknown type fails with {@link ErrorCode#PLUGIN_NOT_FOUND} listing the known types.
 * </ul>
 */
public final class PluginRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
  private static final Map<PluginKind, Class<? extends PluginFactory<?>>> INTERFACES =
      Map.of(
          PluginKind.STORE, StoreFactory.class,
          PluginKind.VERIFIER, VerifierFactory.class,
          PluginKind.KEY_MANAGEMENT_PROVIDER, KeyManagementProviderFactory.class,
          PluginKind.POLICY, PolicyEnforcerFactory.class);

  private final Map<PluginKind, Map<String, PluginFactory<?>>> byKey;
  private final Map<PluginKind, Set<String>> types;
  private final List<String> problems;

  private PluginRegistry(
      Map<PluginKind, Map<String, PluginFactory<?>>> byKey,
      Map<PluginKind, Set<String>> types,
      List<String> problems) {
    this.byKey = byKey;
    this.types = types;
    this.problems = List.copyOf(problems);
  }

  /**
   * Discovers factories with {@link ServiceLoader} on the thread context class loader (or this
   * class's loader).
   *
   * @return discovers factories with {@link ServiceLoader} on the thread context class loader (or
   *     this class's loader)
   * @throws RatifyException {@link ErrorCode#PLUGIN_INIT_FAILURE} when two factories claim one type
   */
  public static PluginRegistry load() throws RatifyException {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return load(cl != null ? cl : PluginRegistry.class.getClassLoader());
  }

  /**
   * Discovers factories with {@link ServiceLoader} on {@code loader}.
   *
   * @throws RatifyException {@link ErrorCode#PLUGIN_INIT_FAILURE} when two factories claim one type
   * @param loader the loader
   * @return discovers factories with {@link ServiceLoader} on {@code loader}
   */
  public static PluginRegistry load(ClassLoader loader) throws RatifyException {
    Objects.requireNonNull(loader, "loader");
    Builder b = builder();
    for (PluginKind kind : PluginKind.values()) {
      Iterator<? extends PluginFactory<?>> it =
          ServiceLoader.load(INTERFACES.get(kind), loader).iterator();
      // a broken provider entry may throw from hasNext() too; bound the attempts so a loader that
      // keeps failing
      // cannot loop forever
      for (int attempts = 0; attempts < 1000; attempts++) {
        try {
          if (!it.hasNext()) {
            break;
          }
          b.add(kind, it.next());
        } catch (ServiceConfigurationError e) {
          String problem =
              kind.configKind()
                  + " factory could not be loaded: "
                  + e.getMessage()
                  + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
          b.problem(problem);
        } catch (LinkageError e) {
          // ServiceLoader links provider classes outside its own error handling: a jar built for a
          // newer JDK, a
          // corrupt class or a missing dependency surfaces here, and must cost only that one
          // factory
          String problem = kind.configKind() + " factory could not be linked: " + e;
          b.problem(problem);
        } catch (NoSuchElementException e) {
          break;
        }
      }
    }
    return b.build();
  }

  /**
   * A builder for a registry assembled in code (tests, embedding without {@code
   * META-INF/services}).
   *
   * @return a builder for a registry assembled in code (tests, embedding without {@code
   *     META-INF/services})
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The store factory of {@code type}; {@link ErrorCode#PLUGIN_NOT_FOUND} listing the known types
   * when absent.
   *
   * @param type the type
   * @return the store factory of {@code type}; {@link ErrorCode#PLUGIN_NOT_FOUND} listing the known
   *     types when absent
   * @throws RatifyException {@link ErrorCode#PLUGIN_NOT_FOUND} listing the known types
   */
  public StoreFactory store(String type) throws RatifyException {
    return (StoreFactory) find(PluginKind.STORE, type);
  }

  /**
   * The verifier factory of {@code type}.
   *
   * @param type the type
   * @return the verifier factory of {@code type}
   * @throws RatifyException {@link ErrorCode#PLUGIN_NOT_FOUND} listing the known types
   */
  public VerifierFactory verifier(String type) throws RatifyException {
    return (VerifierFactory) find(PluginKind.VERIFIER, type);
  }

  /**
   * The key management provider factory of {@code type}.
   *
   * @param type the type
   * @return the key management provider factory of {@code type}
   * @throws RatifyException {@link ErrorCode#PLUGIN_NOT_FOUND} listing the known types
   */
  public KeyManagementProviderFactory keyManagementProvider(String type) throws RatifyException {
    return (KeyManagementProviderFactory) find(PluginKind.KEY_MANAGEMENT_PROVIDER, type);
  }

  /**
   * The policy factory of {@code type} (case and {@code -} ignored).
   *
   * @param type the type
   * @return the policy factory of {@code type} (case and {@code -} ignored)
   * @throws RatifyException {@link ErrorCode#PLUGIN_NOT_FOUND} listing the known types
   */
  public PolicyEnforcerFactory policy(String type) throws RatifyException {
    return (PolicyEnforcerFactory) find(PluginKind.POLICY, type);
  }

  /**
   * The primary type names of {@code kind}, sorted.
   *
   * @param kind the kind
   * @return the primary type names of {@code kind}, sorted
   */
  public Set<String> types(PluginKind kind) {
    return types.getOrDefault(kind, Set.of());
  }

  /**
   * Factories that were left out, with the reason; empty when all loaded.
   *
   * @return factories that were left out, with the reason; empty when all loaded
   */
  public List<String> problems() {
    return problems;
  }

  private PluginFactory<?> find(PluginKind kind, String type) throws RatifyException {
    PluginFactory<?> f =
        type == null ? null : byKey.getOrDefault(kind, Map.of()).get(key(kind, type));
    if (f == null) {
      StringBuilder detail =
          new StringBuilder()
              .append("no ")
              .append(kind.configKind())
              .append(" plugin of type '")
              .append(type)
              .append("'; known types: ")
              .append(types(kind).isEmpty() ? "none" : String.join(", ", types(kind)));
      if (!problems.isEmpty()) {
        detail.append("; factories that failed to load: ").append(String.join("; ", problems));
      }
      throw new RatifyException(
          ErrorCode.PLUGIN_NOT_FOUND,
          detail.toString(),
          "fix the type or put the plugin's jar on the class path",
          null);
    }
    return f;
  }

  private static String key(PluginKind kind, String type) {
    String k = type.trim().toLowerCase(Locale.ROOT);
    return kind == PluginKind.POLICY ? k.replace("-", "") : k;
  }

  /** A factory with the type and aliases it declared when it was added. */
  private record Claim(PluginFactory<?> factory, String type, Set<String> aliases) {}

  /** Collects factories; {@link #build()} rejects duplicate claims. Not thread-safe. */
  public static final class Builder {
    private final Map<PluginKind, List<Claim>> factories = new EnumMap<>(PluginKind.class);
    private final List<String> problems = new ArrayList<>();

    private Builder() {}

    /** A factory left out: remembered for error messages and logged, never silently dropped. */
    private void problem(String problem) {
      LOG.warn("plugin factory left out: {}", problem);
      problems.add(problem);
    }

    /**
     * Adds a factory of {@code kind}; a factory of another SPI version or of the wrong interface is
     * refused.
     *
     * @param kind the kind
     * @param factory the factory
     * @return this builder
     */
    public Builder add(PluginKind kind, PluginFactory<?> factory) {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(factory, "factory");
      String name = factory.getClass().getName();
      if (!INTERFACES.get(kind).isInstance(factory)) {
        problem(name + " is not a " + INTERFACES.get(kind).getSimpleName());
        return this;
      }
      // a factory's own answers are plugin code: read them once, here, so one that throws is left
      // out like one that
      // cannot be instantiated, and build() works on values that cannot change or throw
      int spi;
      String type;
      Set<String> aliases;
      try {
        spi = factory.spiVersion();
        type = factory.type();
        aliases = factory.aliases();
        aliases = aliases == null ? null : Set.copyOf(aliases);
      } catch (RuntimeException | LinkageError e) {
        problem(name + " failed to describe itself: " + e);
        return this;
      }
      if (spi != PluginFactory.SPI_VERSION) {
        problem(
            name
                + " was built for SPI version "
                + spi
                + ", this is version "
                + PluginFactory.SPI_VERSION);
      } else if (type == null || type.isBlank()) {
        problem(name + " declares no type");
      } else if (aliases == null || aliases.stream().anyMatch(String::isBlank)) {
        problem(name + " declares a missing or blank alias");
      } else {
        factories
            .computeIfAbsent(kind, k -> new ArrayList<>())
            .add(new Claim(factory, type, aliases));
      }
      return this;
    }

    /**
     * Builds the registry.
     *
     * @throws RatifyException {@link ErrorCode#PLUGIN_INIT_FAILURE} when two factories claim one
     *     type or alias
     * @return the registry
     */
    public PluginRegistry build() throws RatifyException {
      Map<PluginKind, Map<String, PluginFactory<?>>> byKey = new EnumMap<>(PluginKind.class);
      Map<PluginKind, Set<String>> types = new EnumMap<>(PluginKind.class);
      for (Map.Entry<PluginKind, List<Claim>> e : factories.entrySet()) {
        PluginKind kind = e.getKey();
        Map<String, PluginFactory<?>> keys = new TreeMap<>();
        Set<String> primary = new TreeSet<>();
        for (Claim c : e.getValue()) {
          PluginFactory<?> f = c.factory();
          Set<String> claims = new TreeSet<>();
          claims.add(key(kind, c.type()));
          for (String alias : c.aliases()) {
            claims.add(key(kind, alias));
          }
          for (String k : claims) {
            PluginFactory<?> other = keys.putIfAbsent(k, f);
            if (other != null && other != f) {
              RatifyException clash =
                  new RatifyException(
                      ErrorCode.PLUGIN_INIT_FAILURE,
                      kind.configKind()
                          + " type '"
                          + k
                          + "' is claimed by both "
                          + other.getClass().getName()
                          + " and "
                          + f.getClass().getName(),
                      "remove one of the two plugin jars from the class path",
                      null);
              // an application that catches this and carries on must still leave a trace
              LOG.warn("{}", clash.getMessage());
              throw clash;
            }
          }
          primary.add(c.type().trim().toLowerCase(Locale.ROOT));
        }
        byKey.put(kind, Map.copyOf(keys));
        types.put(kind, java.util.Collections.unmodifiableSet(primary));
      }
      return new PluginRegistry(byKey, types, problems);
    }
  }

  @Override
  public String toString() {
    return "PluginRegistry" + types;
  }
}
