package io.ratify.examples.consumer;

import io.ratify.api.Descriptor;
import io.ratify.api.ValidationResult;
import io.ratify.core.Executor;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.core.testing.InMemoryStore;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Validates an image held in memory with the SBOM verifier found through ServiceLoader, then
 * tries to reach an internal class of each Ratify module. Prints what happened as key=value lines
 * for ModulePathIT; the same classes run on the class path and on the module path.
 */
public final class Consumer {
  private Consumer() {}

  public static void main(String[] args) throws Exception {
    System.out.println("named=" + Consumer.class.getModule().isNamed());
    System.out.println("coreModule=" + Executor.class.getModule().getName());

    InMemoryStore.Builder b = InMemoryStore.builder();
    Descriptor image = b.image("registry.example/app:v1");
    b.referrer(
        image,
        "application/spdx+json",
        "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8),
        "application/spdx+json",
        Map.of("org.example.sbom.generator", "syft"));
    PluginRegistry registry = PluginRegistry.load(Consumer.class.getClassLoader());
    PluginConfig config =
        PluginConfig.of(
            PluginKind.VERIFIER,
            "sbom-check",
            "sbom-annotations",
            Map.of("requiredAnnotations", Map.of("org.example.sbom.generator", "syft")));
    // the built-in policies come from ratify-core's own `provides`
    System.out.println("policies=" + registry.types(PluginKind.POLICY));
    try (Executor executor =
        Executor.builder()
            .store(b.build())
            .verifiers(List.of(registry.verifier("sbom-annotations").create(config, null)))
            .build()) {
      ValidationResult r = executor.validate("registry.example/app:v1");
      System.out.println("verified=" + r.success());
    }

    System.out.println(
        "coreInternal=" + reach("io.ratify.core.internal.policy.ConfigPolicyFactory", "type"));
    System.out.println(
        "apiInternal=" + reach("io.ratify.api.internal.parse.Printable", "escaped", "x"));
  }

  /** Calls a public method of a public class by reflection: what exports allow, nothing more. */
  private static String reach(String className, String method, Object... args) throws Exception {
    Class<?> c = Class.forName(className);
    try {
      if (args.length == 0) {
        c.getMethod(method).invoke(c.getConstructor().newInstance());
      } else {
        c.getMethod(method, String.class).invoke(null, args);
      }
      return "accessible";
    } catch (IllegalAccessException e) {
      return "inaccessible";
    }
  }
}
