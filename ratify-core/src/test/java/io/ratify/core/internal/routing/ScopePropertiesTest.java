package io.ratify.core.internal.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.config.ConfigSet;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Scopes and request keys from hostile text: a typed answer, never an unchecked exception. */
class ScopePropertiesTest {
  private static final ConfigSet SET;

  static {
    try {
      SET =
          ConfigLoader.parseSet(
              """
              apiVersion: config.ratify.sh/v2alpha1
              kind: Executor
              metadata: {name: e}
              spec:
                scopes: ["*.example.com", "ghcr.io", "ghcr.io/org/app"]
                stores: [{type: registry-store, parameters: {credential: {provider: static}}}]
                verifiers: [{name: v, type: x}]
              """,
              "p.yaml");
    } catch (RatifyException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Provide
  Arbitrary<String> scopeLike() {
    return Arbitraries.strings()
        .withChars("*./:@[]-_aAz09 \u0000\u00e9")
        .ofMaxLength(40)
        .injectDuplicates(0.05);
  }

  @Property(tries = 2000)
  void scopeParsingNeverThrows(@ForAll("scopeLike") String text) {
    StringBuilder why = new StringBuilder();
    Optional<Scope> s = Scope.parse(text, why);
    assertTrue(s.isPresent() != (why.length() > 0), text);
    s.ifPresent(scope -> assertTrue(!scope.key().contains("*"), text));
  }

  @Property(tries = 2000)
  void routingAnswersTypedOrNotAtAll(@ForAll("scopeLike") String key) {
    try {
      SET.select(key);
    } catch (RatifyException e) {
      assertTrue(
          e.code() == ErrorCode.REFERENCE_INVALID || e.code() == ErrorCode.EXECUTOR_FAILURE,
          key + " -> " + e.code());
    }
  }

  @Property(tries = 500)
  void aMatchedSubjectKeepsMatchingWithANamespacePrefix(
      @ForAll("labels") String label, @ForAll("labels") String namespace) throws Exception {
    String subject = label + ".example.com/app:v1";
    assertEquals(SET.select(subject), SET.select("[" + namespace + "]" + subject));
  }

  @Provide
  Arbitrary<String> labels() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
  }
}
