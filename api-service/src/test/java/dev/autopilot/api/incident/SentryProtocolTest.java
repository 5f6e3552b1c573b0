package dev.autopilot.api.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Envelopes, grouping and the body caps, without a container. */
class SentryProtocolTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String EVENT =
      """
      {"event_id":"%s","level":"error","release":"shop@1","exception":{"values":[
        {"type":"SQLException","module":"java.sql","value":"connection reset","stacktrace":{"frames":[
          {"module":"java.lang.Thread","function":"run","in_app":false},
          {"module":"com.shop.Orders","function":"place","lineno":%d,"in_app":true},
          {"module":"com.shop.Db","function":"query","lineno":9,"in_app":true}]}},
        {"type":"OrderFailed","module":"com.shop","value":"order %s failed\\nsecond line","stacktrace":{"frames":[
          {"module":"java.lang.Thread","function":"run","in_app":false},
          {"module":"com.shop.Orders","function":"place","lineno":%d,"in_app":true}]}}]}}
      """;

  private static SentryEvent event(String id, int line, String order) throws Exception {
    return SentryEvent.parse(JSON.readTree(EVENT.formatted(id, line, order, line)), null);
  }

  @Test
  void eventsOfOneKindShareAGroupWhateverTheirMessageOrLineNumbers() throws Exception {
    SentryEvent a = event("0123456789abcdef0123456789abcdef", 10, "1");
    SentryEvent b = event("fedcba9876543210fedcba9876543210", 12, "2");
    assertEquals(a.groupKey(), b.groupKey());
    assertEquals("OrderFailed: order 1 failed", a.title());
    assertEquals("01234567-89ab-cdef-0123-456789abcdef", a.eventId().toString());
    assertEquals("com.shop.OrderFailed", a.primary().qualifiedType());
    assertEquals(
        java.util.List.of("type:com.shop.OrderFailed", "frame:com.shop.Orders.place"),
        a.groupingParts(),
        "library frames do not count when there are in-app ones");
  }

  @Test
  void anotherTypeOrTheSdksFingerprintMakesAnotherGroup() throws Exception {
    SentryEvent a = event("0123456789abcdef0123456789abcdef", 10, "1");
    JsonNode other =
        JSON.readTree(EVENT.formatted("0", 10, "1", 10).replace("OrderFailed", "Timeout"));
    assertNotEquals(a.groupKey(), SentryEvent.parse(other, null).groupKey());

    JsonNode custom =
        JSON.readTree("{\"fingerprint\":[\"payments\",\"{{ default }}\"],\"message\":\"x\"}");
    SentryEvent c = SentryEvent.parse(custom, null);
    assertEquals("custom:payments", c.groupingParts().get(0));
    assertEquals("message:x", c.groupingParts().get(1));
  }

  @Test
  void aMessageEventGroupsByItsTemplate() throws Exception {
    SentryEvent one =
        SentryEvent.parse(
            JSON.readTree(
                "{\"logentry\":{\"message\":\"Order %s lost\",\"formatted\":\"Order 1 lost\"}}"),
            null);
    SentryEvent two =
        SentryEvent.parse(
            JSON.readTree(
                "{\"logentry\":{\"message\":\"Order %s lost\",\"formatted\":\"Order 2 lost\"}}"),
            null);
    assertEquals(one.groupKey(), two.groupKey());
    assertEquals("Order %s lost", one.title());
  }

  @Test
  void anEnvelopeYieldsItsEventItemsAndSkipsTheRest() throws Exception {
    String event = "{\"message\":\"hello\"}";
    String attachment = "line one\nline two";
    String envelope =
        "{\"event_id\":\"0123456789abcdef0123456789abcdef\"}\n"
            + "{\"type\":\"attachment\",\"length\":"
            + attachment.length()
            + "}\n"
            + attachment
            + "\n"
            + "{\"type\":\"event\"}\n"
            + event
            + "\n"
            + "{\"type\":\"session\",\"length\":2}\n{}";
    Envelope parsed = Envelope.parse(envelope.getBytes(StandardCharsets.UTF_8), JSON);
    assertEquals(1, parsed.events().size());
    assertEquals("hello", parsed.events().get(0).path("message").asText());
    assertEquals("0123456789abcdef0123456789abcdef", parsed.eventId());
  }

  @Test
  void brokenEnvelopesAreBadRequests() {
    for (String bad :
        new String[] {
          "not json\n",
          "{}\n{\"type\":\"event\",\"length\":500}\n{}",
          "{}\n{\"type\":\"event\"}\n[1,2]",
          "{}\n{\"type\":\"event\"}\n{broken",
        }) {
      ProblemException e =
          assertThrows(
              ProblemException.class,
              () -> Envelope.parse(bad.getBytes(StandardCharsets.UTF_8), JSON),
              bad);
      assertEquals(400, e.status(), bad);
    }
  }

  @Test
  void aGzipBombStopsAtTheDecompressedCap() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(new byte[64 * 1024 * 1024]); // 64 MiB of zeros: about 64 KiB compressed
    }
    assertTrue(zipped.size() < 200_000);
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () ->
                IngestBody.read(
                    new ByteArrayInputStream(zipped.toByteArray()), null, "gzip", caps()));
    assertEquals(413, e.status());

    byte[] small = gzip("{\"message\":\"ok\"}");
    assertEquals(
        "{\"message\":\"ok\"}",
        new String(
            IngestBody.read(new ByteArrayInputStream(small), null, "gzip", caps()),
            StandardCharsets.UTF_8));
  }

  @Test
  void sizeAndEncodingAreCheckedBeforeParsing() {
    assertEquals(
        413,
        assertThrows(
                ProblemException.class,
                () ->
                    IngestBody.read(new ByteArrayInputStream(new byte[0]), "2000000", null, caps()))
            .status());
    assertEquals(
        413,
        assertThrows(
                ProblemException.class,
                () ->
                    IngestBody.read(
                        new ByteArrayInputStream(new byte[1_048_577]), null, null, caps()))
            .status());
    assertEquals(
        415,
        assertThrows(
                ProblemException.class,
                () -> IngestBody.read(new ByteArrayInputStream(new byte[10]), null, "br", caps()))
            .status());
    assertEquals(
        400,
        assertThrows(
                ProblemException.class,
                () -> IngestBody.read(new ByteArrayInputStream(new byte[10]), null, "gzip", caps()))
            .status());
  }

  @Test
  void untrustedTextCannotBecomeMarkdown() {
    assertEquals("v1\\.0 \\[x\\]\\(http://e\\)", IncidentText.escape("v1.0 [x](http://e)"));
    assertFalse(IncidentText.escape("a\nb").contains("\n"));
  }

  @Test
  void theSentryAuthHeaderYieldsItsKey() {
    assertEquals(
        "abc",
        SentryKeyMechanism.key(
            "Sentry sentry_version=7, sentry_client=sentry.java/8, sentry_key=abc"));
    assertEquals("abc", SentryKeyMechanism.key("sentry_key=abc,sentry_version=7"));
    assertEquals(null, SentryKeyMechanism.key("Bearer xyz"));
    assertTrue(SentryKeyMechanism.INGEST.matcher("/api/12/envelope/").matches());
    assertFalse(SentryKeyMechanism.INGEST.matcher("/api/autopilot/envelope/").matches());
  }

  private static byte[] gzip(String s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static IncidentConfig caps() {
    return Caps.defaults();
  }
}
