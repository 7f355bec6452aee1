package io.ratify.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Random trees and mutated text: loading either succeeds or fails with CONFIG_INVALID, never
 * anything else.
 */
class ConfigLoaderPropertiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KEYS =
      List.of(
          "apiVersion",
          "kind",
          "metadata",
          "name",
          "spec",
          "type",
          "provider",
          "parameters",
          "artifactTypes",
          "store",
          "verifier",
          "policy",
          "plugin",
          "plugins",
          "executor",
          "version",
          "verificationRequestTimeout",
          "x");
  private static final List<Object> LEAVES =
      List.of(
          "config.ratify.deislabs.io/v1beta1",
          "config.ratify.deislabs.io/v1alpha1",
          "Store",
          "Verifier",
          "Policy",
          "KeyManagementProvider",
          "oras",
          "notation",
          "inline",
          "",
          " ",
          0,
          -1,
          7,
          3.5,
          true,
          "application/vnd.cncf.notary.signature");

  @Provide
  Arbitrary<Object> trees() {
    return tree(3);
  }

  private static Arbitrary<Object> tree(int depth) {
    Arbitrary<Object> leaf = Arbitraries.of(LEAVES);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> below = tree(depth - 1);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, leaf),
        net.jqwik.api.Tuple.of(
            2,
            Arbitraries.maps(Arbitraries.of(KEYS), below)
                .ofMaxSize(5)
                .map(m -> (Object) new LinkedHashMap<>(m))),
        net.jqwik.api.Tuple.of(1, below.list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l))));
  }

  @Property(tries = 300)
  void randomJsonTreesLoadOrFailTyped(@ForAll("trees") Object tree) throws Exception {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("store", tree);
    root.put("verifier", tree);
    check(JSON.writeValueAsString(root));
  }

  @Property(tries = 300)
  void randomYamlDocumentsLoadOrFailTyped(
      @ForAll("trees") Object spec, @ForAll("trees") Object meta, @ForAll("trees") Object kind) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "config.ratify.deislabs.io/v1beta1");
    doc.put("kind", kind);
    doc.put("metadata", meta);
    doc.put("spec", spec);
    DumperOptions o = new DumperOptions();
    check(new Yaml(o).dump(doc) + "---\n" + new Yaml(o).dump(spec));
  }

  @Property(tries = 300)
  void mutatedSeedTextLoadsOrFailsTyped(@ForAll("mutations") String text) {
    check(text);
  }

  private static final String SEED =
      """
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: Store
      metadata:
        name: store-oras
      spec:
        name: oras
        parameters: {useHttp: true, list: [a, &x b, *x]}
      ---
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: Verifier
      metadata:
        name: v
      spec:
        name: notation
        artifactTypes: application/vnd.cncf.notary.signature
      """;

  @Provide
  Arbitrary<String> mutations() {
    return Arbitraries.integers()
        .between(0, SEED.length() - 1)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .flatMap(
            positions ->
                Arbitraries.of(
                        ":", "-", "{", "[", "&", "*", "!", "'", "\"", "\t", "\n", " ", "#", "|",
                        "}", "")
                    .list()
                    .ofSize(positions.size())
                    .map(
                        reps -> {
                          StringBuilder b = new StringBuilder(SEED);
                          for (int i = 0; i < positions.size(); i++) {
                            int p = Math.min(positions.get(i), b.length() - 1);
                            b.replace(p, p + 1, reps.get(i));
                          }
                          return b.toString();
                        }));
  }

  private static void check(String text) {
    try {
      ConfigLoader.parse(text, "random");
    } catch (RatifyException e) {
      assertEquals(ErrorCode.CONFIG_INVALID, e.code(), e.getMessage());
    }
  }
}
