package io.ratify.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ReferrerPage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryStoreTest {
  static Deadline soon() {
    return Deadline.after(Duration.ofSeconds(5));
  }

  @Test
  void resolvesListsAndFetchesCheckedContent() throws Exception {
    InMemoryStore.Builder b = InMemoryStore.builder().pageSize(1);
    Descriptor image = b.image("registry.test/app:v1");
    Descriptor sig =
        b.referrer(
            image,
            MediaTypes.NOTARY_SIGNATURE,
            "payload".getBytes(StandardCharsets.UTF_8),
            MediaTypes.JWS_ENVELOPE,
            java.util.Map.of("k", "v"));
    Descriptor sbom = b.referrer(image, "application/spdx+json");
    InMemoryStore s = b.build();
    Reference tagged = Reference.parse("registry.test/app:v1");
    assertEquals(image, s.resolve(tagged, soon()));
    Reference pinned = tagged.withDigest(image.digest());
    ReferrerPage p1 = s.listReferrers(pinned, Set.of(), Optional.empty(), soon());
    assertEquals(sig.digest(), p1.referrers().get(0).digest());
    assertEquals(Optional.of(MediaTypes.NOTARY_SIGNATURE), p1.referrers().get(0).artifactType());
    ReferrerPage p2 = s.listReferrers(pinned, Set.of(), p1.nextPageToken(), soon());
    assertEquals(sbom.digest(), p2.referrers().get(0).digest());
    assertTrue(p2.nextPageToken().isEmpty());
    assertEquals(
        1,
        s.listReferrers(pinned, Set.of("application/spdx+json"), Optional.empty(), soon())
            .referrers()
            .size());
    Manifest m = s.fetchManifest(pinned, sig, soon());
    assertEquals(Optional.of(image.digest()), m.subject().map(Descriptor::digest));
    assertTrue(sig.digest().matches(m.bytes()));
    byte[] layer = s.fetchBlob(pinned, m.layers().get(0), soon());
    assertArrayEquals("payload".getBytes(StandardCharsets.UTF_8), layer);
    assertEquals(3, s.calls(InMemoryStore.Operation.LIST_REFERRERS));
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(
                RatifyException.class,
                () -> s.listReferrers(pinned, Set.of(), Optional.of("x"), soon()))
            .code());
    assertEquals(
        ErrorCode.RESOURCE_NOT_FOUND,
        assertThrows(
                RatifyException.class,
                () -> s.resolve(Reference.parse("registry.test/app:v2"), soon()))
            .code());
  }

  @Test
  void canBeToldToFailThrottleAndBeSlow() throws Exception {
    InMemoryStore.Builder b = InMemoryStore.builder().throttleAfter(1);
    b.image("registry.test/app:v1");
    InMemoryStore s = b.build();
    Reference ref = Reference.parse("registry.test/app:v1");
    s.resolve(ref, soon());
    assertEquals(
        ErrorCode.THROTTLED,
        assertThrows(RatifyException.class, () -> s.resolve(ref, soon())).code());

    InMemoryStore slow = InMemoryStore.builder().latency(Duration.ofSeconds(30)).build();
    assertEquals(
        ErrorCode.TIMEOUT,
        assertThrows(
                RatifyException.class,
                () -> slow.resolve(ref, Deadline.after(Duration.ofMillis(50))))
            .code());
    InMemoryStore failing =
        InMemoryStore.builder().failListing(ErrorCode.REGISTRY_UNREACHABLE).build();
    assertEquals(
        ErrorCode.REGISTRY_UNREACHABLE,
        assertThrows(
                RatifyException.class,
                () ->
                    failing.listReferrers(
                        ref.withDigest(io.ratify.api.Digest.sha256(new byte[0])),
                        Set.of(),
                        Optional.empty(),
                        soon()))
            .code());
  }
}
