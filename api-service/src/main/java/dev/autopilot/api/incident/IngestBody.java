package dev.autopilot.api.incident;

import dev.autopilot.api.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Reads an ingest body within its caps: the bytes as sent (refused from Content-Length when it says
 * too much, else counted while read), then the bytes once decompressed, so a small gzip bomb stops
 * at the cap instead of filling the heap.
 */
final class IngestBody {

  private IngestBody() {}

  static byte[] read(InputStream in, String contentLength, String encoding, IncidentConfig config)
      throws IOException {
    if (contentLength != null) {
      try {
        if (Long.parseLong(contentLength.strip()) > config.maxBodyBytes()) {
          throw tooLarge(config.maxBodyBytes(), "as sent");
        }
      } catch (NumberFormatException e) {
        throw ProblemException.badRequest("Content-Length is not a number.");
      }
    }
    byte[] raw = capped(in, config.maxBodyBytes(), "as sent");
    String coding = encoding == null ? "identity" : encoding.strip().toLowerCase(Locale.ROOT);
    try {
      return switch (coding) {
        case "", "identity" -> raw;
        case "gzip", "x-gzip" ->
            capped(
                new GZIPInputStream(new ByteArrayInputStream(raw)),
                config.maxDecompressedBytes(),
                "decompressed");
        case "deflate" ->
            capped(
                new InflaterInputStream(new ByteArrayInputStream(raw)),
                config.maxDecompressedBytes(),
                "decompressed");
        default ->
            throw new ProblemException(
                415,
                "unsupported-encoding",
                "Unsupported content encoding",
                "Send the body uncompressed, gzip or deflate (Python SDK:"
                    + " transport_compression_algo=\"gzip\").");
      };
    } catch (ZipException | java.io.EOFException e) {
      throw ProblemException.badRequest("The body is not valid " + coding + " data.");
    }
  }

  /** The legacy store endpoint's oldest form: base64 of zlib-deflated JSON. */
  static byte[] legacyStore(byte[] body, IncidentConfig config) throws IOException {
    int i = 0;
    while (i < body.length && Character.isWhitespace(body[i])) {
      i++;
    }
    if (i == body.length || body[i] == '{') {
      return body;
    }
    try {
      byte[] deflated = Base64.getMimeDecoder().decode(body);
      return capped(
          new InflaterInputStream(new ByteArrayInputStream(deflated)),
          config.maxDecompressedBytes(),
          "decompressed");
    } catch (IllegalArgumentException | ZipException | java.io.EOFException e) {
      throw ProblemException.badRequest("The body is neither JSON nor base64 of deflated JSON.");
    }
  }

  private static byte[] capped(InputStream in, int cap, String how) throws IOException {
    byte[] bytes = in.readNBytes(cap + 1);
    if (bytes.length > cap) {
      throw tooLarge(cap, how);
    }
    return bytes;
  }

  private static ProblemException tooLarge(int cap, String how) {
    return ProblemException.tooLarge("Events are limited to " + cap + " bytes " + how + ".");
  }
}
