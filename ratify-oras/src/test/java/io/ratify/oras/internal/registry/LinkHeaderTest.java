package io.ratify.oras.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing of {@code Link} header values for referrers pagination (RFC 8288). */
class LinkHeaderTest {
  static final String NEXT = "/v2/demo/app/referrers/sha256:ab?page=2";

  @Test
  void plainNextRelation() {
    assertEquals(Optional.of(NEXT), RegistryStoreImpl.nextTarget("<" + NEXT + ">; rel=\"next\""));
    assertEquals(Optional.of(NEXT), RegistryStoreImpl.nextTarget("<" + NEXT + ">;rel=next"));
  }

  @Test
  void nextAmongSeveralSpaceSeparatedRelations() {
    assertEquals(
        Optional.of(NEXT), RegistryStoreImpl.nextTarget("<" + NEXT + ">; rel=\"prev next\""));
    assertEquals(
        Optional.of(NEXT), RegistryStoreImpl.nextTarget("<" + NEXT + ">; rel=\"next  last\""));
    assertEquals(Optional.of(NEXT), RegistryStoreImpl.nextTarget("<" + NEXT + ">; REL=\" Next \""));
  }

  @Test
  void picksTheNextLinkAmongSeveralLinks() {
    String header =
        "</v2/demo/app/referrers/sha256:ab?page=0>; rel=\"prev first\", <"
            + NEXT
            + ">; title=\"x\"; rel=\"last next\"";
    assertEquals(Optional.of(NEXT), RegistryStoreImpl.nextTarget(header));
  }

  @Test
  void otherRelationsAreNotNext() {
    assertEquals(Optional.empty(), RegistryStoreImpl.nextTarget("<" + NEXT + ">; rel=\"prev\""));
    assertEquals(
        Optional.empty(), RegistryStoreImpl.nextTarget("<" + NEXT + ">; rel=\"nextpage\""));
    assertEquals(Optional.empty(), RegistryStoreImpl.nextTarget("<" + NEXT + ">; title=\"next\""));
    assertEquals(Optional.empty(), RegistryStoreImpl.nextTarget("<" + NEXT + ">"));
    assertEquals(Optional.empty(), RegistryStoreImpl.nextTarget(""));
  }
}
