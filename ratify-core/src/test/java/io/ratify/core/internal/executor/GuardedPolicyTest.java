package io.ratify.core.internal.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.PolicyDecision;
import io.ratify.api.PolicyEnforcer;
import io.ratify.api.PolicyEvaluator;
import io.ratify.api.RatifyException;
import io.ratify.api.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class GuardedPolicyTest {
  private static final Descriptor SUBJECT =
      Descriptor.of(
          "application/vnd.oci.image.manifest.v1+json",
          Digest.sha256("subject".getBytes(StandardCharsets.UTF_8)),
          7);
  private static final Descriptor SIG =
      Descriptor.of(
          "application/vnd.oci.image.manifest.v1+json",
          Digest.sha256("sig".getBytes(StandardCharsets.UTF_8)),
          3);

  /** A policy whose evaluator answers and decides as told, and remembers what it was told. */
  private static final class Evaluator implements PolicyEvaluator {
    final List<String> calls = new ArrayList<>();
    RuntimeException failure;
    Supplier<PolicyDecision> decision = PolicyDecision::allow;

    @Override
    public boolean subjectPruned(Digest subject) {
      calls.add("subjectPruned");
      if (failure != null) {
        throw failure;
      }
      return subject.equals(SUBJECT.digest());
    }

    @Override
    public void addResult(
        Digest subject, Descriptor artifact, String verifierName, VerificationResult result) {
      calls.add("addResult " + verifierName);
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public void commit(Digest subject) {
      calls.add("commit");
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public PolicyDecision evaluate() {
      if (failure != null) {
        throw failure;
      }
      return decision.get();
    }
  }

  private static PolicyEnforcer policy(Supplier<PolicyEvaluator> evaluator) {
    return new PolicyEnforcer() {
      @Override
      public String type() {
        return "test-policy";
      }

      @Override
      public PolicyEvaluator evaluator(Descriptor subject) {
        return evaluator.get();
      }
    };
  }

  private static GuardedPolicy open(Evaluator e, Failures failures) throws RatifyException {
    return GuardedPolicy.open(policy(() -> e), SUBJECT, failures);
  }

  @Test
  void aPolicyWithoutEvaluatorOrThatThrowsCannotBeOpened() {
    RatifyException none =
        assertThrows(
            RatifyException.class,
            () -> GuardedPolicy.open(policy(() -> null), SUBJECT, new Failures()));
    assertEquals(ErrorCode.EXECUTOR_FAILURE, none.code());
    assertEquals(
        "policy 'test-policy' failed: IllegalStateException: policy 'test-policy' returned no"
            + " evaluator",
        none.detail());
    RatifyException thrown =
        assertThrows(
            RatifyException.class,
            () ->
                GuardedPolicy.open(
                    policy(
                        () -> {
                          throw new UnsupportedOperationException("no subject of that kind");
                        }),
                    SUBJECT,
                    new Failures()));
    assertEquals(
        "policy 'test-policy' failed: UnsupportedOperationException: no subject of that kind",
        thrown.detail());
  }

  @Test
  void pruningQuestionsReachTheEvaluator() throws Exception {
    Failures failures = new Failures();
    GuardedPolicy p = open(new Evaluator(), failures);
    assertTrue(p.pruned(e -> e.subjectPruned(SUBJECT.digest())));
    assertFalse(p.pruned(e -> e.subjectPruned(SIG.digest())));
    assertEquals(List.of(), failures.snapshot());
  }

  @Test
  void aThrowingPruningQuestionIsNotPrunedAndForbidsSuccess() throws Exception {
    Failures failures = new Failures();
    Evaluator e = new Evaluator();
    e.failure = new IllegalStateException("confused");
    GuardedPolicy p = open(e, failures);
    assertFalse(p.pruned(x -> x.subjectPruned(SUBJECT.digest())));
    assertEquals(
        List.of("policy 'test-policy' failed while pruning: IllegalStateException: confused"),
        failures.snapshot());
  }

  @Test
  void resultsAndCommitsThatThrowAreRecordedNotThrown() throws Exception {
    Failures failures = new Failures();
    Evaluator e = new Evaluator();
    GuardedPolicy p = open(e, failures);
    VerificationResult ok = VerificationResult.success("ok", Map.of());
    p.addResult(SUBJECT.digest(), SIG, "notation", ok);
    p.commit(SUBJECT.digest());
    assertEquals(List.of("addResult notation", "commit"), e.calls);
    assertEquals(List.of(), failures.snapshot());

    e.failure = new IllegalArgumentException("full");
    p.addResult(SUBJECT.digest(), SIG, "notation", ok);
    p.commit(SUBJECT.digest());
    assertEquals(
        List.of(
            "policy 'test-policy' failed to record a result: IllegalArgumentException: full",
            "policy 'test-policy' failed to commit: IllegalArgumentException: full"),
        failures.snapshot());
  }

  @Test
  void aMissingOrThrowingDecisionIsADenial() throws Exception {
    Evaluator e = new Evaluator();
    GuardedPolicy p = open(e, new Failures());
    assertTrue(p.decide().allowed());

    e.decision = () -> PolicyDecision.deny(List.of("needs a signature"));
    assertEquals(List.of("needs a signature"), p.decide().reasons());

    e.decision = () -> null;
    PolicyDecision none = p.decide();
    assertFalse(none.allowed());
    assertEquals(List.of("policy 'test-policy' returned no decision"), none.reasons());

    e.failure = new IllegalStateException("lost");
    PolicyDecision thrown = p.decide();
    assertFalse(thrown.allowed());
    assertEquals(
        List.of("policy 'test-policy' failed: IllegalStateException: lost"), thrown.reasons());
  }
}
