package io.ratify.oras.internal.registry;

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
import io.ratify.api.Store;
import io.ratify.oras.testing.ReferrersApiRegistry;
import io.ratify.oras.testing.TestArtifacts;
import io.ratify.oras.testing.TestArtifacts.Content;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The referrers-API path, against the in-process distribution-spec 1.1 double. */
class ReferrersApiTest {
  static ReferrersApiRegistry api;
  static Content image;
  static List<Content> sigs = new ArrayList<>();
  static Content sbom;

  @BeforeEach
  void reset() {
    api.reset();
  }

  @BeforeAll
  static void seed() throws Exception {
    api = ReferrersApiRegistry.start();
    Content config = TestArtifacts.raw("application/vnd.oci.image.config.v1+json", "{}");
    Content layer = TestArtifacts.raw(MediaTypes.OCI_LAYER_TAR_GZIP, "layer");
    image = TestArtifacts.image(config, List.of(layer));
    api.putManifest(image, Optional.of("v1"));
    for (int i = 0; i < 4; i++) {
      Content env = TestArtifacts.raw(MediaTypes.COSE_ENVELOPE, "envelope " + i);
      api.putBlob(env);
      Content sig =
          TestArtifacts.signature(image, env, i % 2 == 1, Map.of("n", Integer.toString(i)));
      api.putManifest(sig, Optional.empty());
      sigs.add(sig);
    }
    Content spdx = TestArtifacts.raw("application/spdx+json", "{}");
    sbom = TestArtifacts.artifact(image, "application/spdx+json", spdx);
    api.putManifest(sbom, Optional.empty());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  Store store(RequestLog log) throws RatifyException {
    return new RegistryStoreImpl(RegistrySettings.builder().plainHttp(true).observer(log).build());
  }

  Reference subject() throws RatifyException {
    return Reference.parse(api.host() + "/demo/app@" + image.digest());
  }

  static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  static Set<String> digests(List<Descriptor> ds) {
    return ds.stream().map(d -> d.digest().toString()).collect(Collectors.toSet());
  }

  Set<String> sigDigests() {
    return sigs.stream().map(Content::digest).collect(Collectors.toSet());
  }

  @Test
  void listsAllPagesWithServerSideFiltering() throws Exception {
    api.pageSize(2);
    List<Descriptor> found =
        store(new RequestLog())
            .listReferrers(
                subject(), Set.of(MediaTypes.NOTARY_SIGNATURE), Optional.empty(), deadline())
            .referrers();
    assertEquals(sigDigests(), digests(found));
    // Both forms report the signature type: artifactType, or the config media type for the legacy
    // form.
    assertTrue(
        found.stream().allMatch(d -> d.artifactTypeOrEmpty().equals(MediaTypes.NOTARY_SIGNATURE)));
    assertTrue(found.stream().allMatch(d -> d.annotations().containsKey("n")));
    assertEquals(2, api.requests().stream().filter(r -> r.contains("/referrers/")).count());
  }

  @Test
  void filtersClientSideWhenTheRegistryIgnoresTheFilter() throws Exception {
    api.applyFilters(false).pageSize(2);
    Store s = store(new RequestLog());
    assertEquals(
        sigDigests(),
        digests(
            s.listReferrers(
                    subject(), Set.of(MediaTypes.NOTARY_SIGNATURE), Optional.empty(), deadline())
                .referrers()));
    assertEquals(
        Set.of(sbom.digest()),
        digests(
            s.listReferrers(
                    subject(), Set.of("application/spdx+json"), Optional.empty(), deadline())
                .referrers()));
    assertEquals(
        5, s.listReferrers(subject(), Set.of(), Optional.empty(), deadline()).referrers().size());
    // Several types: no server filter is asked for, the client keeps the union.
    assertEquals(
        5,
        s.listReferrers(
                subject(),
                Set.of(MediaTypes.NOTARY_SIGNATURE, "application/spdx+json"),
                Optional.empty(),
                deadline())
            .referrers()
            .size());
  }

  @Test
  void unknownSubjectHasAnEmptyListNotAnError() throws Exception {
    Reference other = Reference.parse(api.host() + "/demo/app@" + sbom.digest());
    assertEquals(
        List.of(),
        store(new RequestLog())
            .listReferrers(other, Set.of(), Optional.empty(), deadline())
            .referrers());
    assertTrue(
        api.requests().stream().noneMatch(r -> r.contains("/manifests/sha256-")),
        "no tag-schema fallback when the API answered");
  }

  @Test
  void paginationLinkToAnotherHostIsRefused() throws Exception {
    api.pageSize(1).linkAuthority("localhost:1");
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                store(new RequestLog())
                    .listReferrers(subject(), Set.of(), Optional.empty(), deadline()));
    assertEquals(ErrorCode.LIST_REFERRERS_FAILURE, e.code());
  }

  @Test
  void pagesAreBounded() throws Exception {
    api.pageSize(1);
    Store s =
        new RegistryStoreImpl(
            RegistrySettings.builder().plainHttp(true).maxReferrerPages(3).build());
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> s.listReferrers(subject(), Set.of(), Optional.empty(), deadline()));
    assertEquals(ErrorCode.SIZE_LIMIT_EXCEEDED, e.code());
    assertEquals(3, api.requests().stream().filter(r -> r.contains("/referrers/")).count());
  }

  @Test
  void pageTokensAndDigestlessSubjectsAreRejected() throws Exception {
    Store s = store(new RequestLog());
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(
                RatifyException.class,
                () -> s.listReferrers(subject(), Set.of(), Optional.of("x"), deadline()))
            .code());
    Reference tagOnly = Reference.parse(api.host() + "/demo/app:v1");
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(
                RatifyException.class,
                () -> s.listReferrers(tagOnly, Set.of(), Optional.empty(), deadline()))
            .code());
  }

  /**
   * The figure for the note: requests per verification-like flow, cold and warm, on the
   * referrers-API path.
   */
  @Test
  void requestCountsColdAndWarm() throws Exception {
    RequestLog log = new RequestLog();
    Store s = store(log);
    Reference tag = Reference.parse(api.host() + "/demo/app:v1");
    for (int round = 0; round < 2; round++) {
      log.clear();
      Descriptor d = s.resolve(tag, deadline());
      List<Descriptor> found =
          s.listReferrers(
                  tag.pinned(d.digest()),
                  Set.of(MediaTypes.NOTARY_SIGNATURE),
                  Optional.empty(),
                  deadline())
              .referrers();
      Manifest m = s.fetchManifest(tag, found.get(0), deadline());
      s.fetchBlob(tag, m.layers().get(0), deadline());
      System.out.println(
          "[figures] referrers API path, no auth: "
              + (round == 0 ? "cold" : "warm")
              + "="
              + log.size()
              + " "
              + log.entries());
      assertEquals(round == 0 ? 4 : 0, log.size(), log.entries().toString());
    }
  }
}
