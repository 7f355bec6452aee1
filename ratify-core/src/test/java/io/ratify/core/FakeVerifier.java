package io.ratify.core;

import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.VerifyRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A verifier test double (a real one needs signatures; the executor's behaviour does not): accepts
 * artifacts of given types, decides with a function, counts calls, and records the most calls it
 * saw at once.
 */
public final class FakeVerifier implements Verifier {
  /** What the verifier does with one request. */
  @FunctionalInterface
  public interface Behaviour {
    VerificationResult verify(VerifyRequest request) throws RatifyException;
  }

  private final String name;
  private final Set<String> types;
  private final Behaviour behaviour;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger maxActive = new AtomicInteger();
  private final List<String> verified = new CopyOnWriteArrayList<>();

  public FakeVerifier(String name, Set<String> types, Behaviour behaviour) {
    this.name = name;
    this.types = types;
    this.behaviour = behaviour;
  }

  public static FakeVerifier passing(String name, String... types) {
    return new FakeVerifier(name, Set.of(types), r -> ok());
  }

  public static FakeVerifier failing(String name, String... types) {
    return new FakeVerifier(name, Set.of(types), r -> bad());
  }

  /** Succeeds unless the artifact's digest is one of {@code bad}. */
  public static FakeVerifier failingOn(String name, Set<String> bad, String... types) {
    return new FakeVerifier(
        name, Set.of(types), r -> bad.contains(r.artifact().digest().toString()) ? bad() : ok());
  }

  public static FakeVerifier with(
      String name, Function<VerifyRequest, VerificationResult> f, String... types) {
    return new FakeVerifier(name, Set.of(types), f::apply);
  }

  public static VerificationResult ok() {
    return VerificationResult.success("fake verification success", Map.of());
  }

  public static VerificationResult bad() {
    return VerificationResult.failure(
        ErrorCode.SIGNATURE_INTEGRITY_FAILURE,
        "fake verification failure",
        "the fake said no",
        Optional.empty(),
        Map.of());
  }

  public int calls() {
    return calls.get();
  }

  public int maxActive() {
    return maxActive.get();
  }

  public int active() {
    return active.get();
  }

  /** Digests verified, in call order. */
  public List<String> verified() {
    return verified;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "fake";
  }

  @Override
  public boolean verifiable(Descriptor artifact) {
    return types.contains("*") || types.contains(artifact.artifactTypeOrEmpty());
  }

  @Override
  public VerificationResult verify(VerifyRequest request) throws RatifyException {
    calls.incrementAndGet();
    verified.add(request.artifact().digest().toString());
    int now = active.incrementAndGet();
    maxActive.accumulateAndGet(now, Math::max);
    try {
      return behaviour.verify(request);
    } finally {
      active.decrementAndGet();
    }
  }

  @Override
  public String toString() {
    return "FakeVerifier[" + name + "]";
  }
}
