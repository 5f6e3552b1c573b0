package dev.autopilot.runner.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * The server name (SNI) of a TLS ClientHello, read from the first bytes a client sends into a
 * tunnel. A CONNECT to one listed name on a CDN must not open the whole CDN: the name the client
 * asks the far end for has to be the name the operator listed.
 */
final class ClientHello {

  /** Most bytes read while waiting for a whole ClientHello. */
  static final int MAX = 64 * 1024;

  /** What the bytes so far say. */
  sealed interface Result {}

  /** More bytes are needed. */
  record Incomplete() implements Result {}

  /** Not a TLS ClientHello. */
  record NotTls(String why) implements Result {}

  /** A ClientHello; {@code serverName} is null when it names no host. */
  record Hello(String serverName) implements Result {}

  private ClientHello() {}

  /**
   * Whether a parsed hello may open a tunnel to {@code host}: its server name is that host, or, for
   * a tunnel to an address literal, it names no host (an address has no server name).
   */
  static boolean admits(Result hello, String host) {
    if (!(hello instanceof Hello h)) {
      return false;
    }
    if (h.serverName() == null) {
      return EgressPolicy.literal(host);
    }
    return h.serverName().equalsIgnoreCase(host);
  }

  /** Reads the ClientHello from the start of {@code data}, joining handshake records. */
  static Result parse(byte[] data, int length) {
    // Handshake messages may span records: gather the fragments of leading handshake records.
    byte[] handshake = new byte[Math.min(length, MAX)];
    int have = 0;
    int at = 0;
    while (true) {
      if (at + 5 > length) {
        return have >= 4 && have >= 4 + u24(handshake, 1)
            ? hello(handshake, have)
            : incomplete(length);
      }
      if (data[at] != 0x16 || data[at + 1] != 0x03) {
        return new NotTls(at == 0 ? "not TLS" : "a record other than the handshake came first");
      }
      int recordLength = u16(data, at + 3);
      if (recordLength == 0 || recordLength > 18432) {
        return new NotTls("bad record length");
      }
      if (at + 5 + recordLength > length) {
        return incomplete(length);
      }
      System.arraycopy(data, at + 5, handshake, have, recordLength);
      have += recordLength;
      at += 5 + recordLength;
      if (have >= 4 && have >= 4 + u24(handshake, 1)) {
        return hello(handshake, have);
      }
    }
  }

  private static Result incomplete(int length) {
    return length >= MAX ? new NotTls("no ClientHello in the first 64 KiB") : new Incomplete();
  }

  private static Result hello(byte[] h, int have) {
    if (h[0] != 0x01) {
      return new NotTls("the first handshake message is not a ClientHello");
    }
    int end = Math.min(have, 4 + u24(h, 1));
    int p = 4 + 2 + 32; // type, length; version; random
    try {
      p += 1 + (h[p] & 0xff); // session id
      p += 2 + u16(h, p); // cipher suites
      p += 1 + (h[p] & 0xff); // compression methods
      if (p == end) {
        return new Hello(null);
      }
      int extensionsEnd = p + 2 + u16(h, p);
      p += 2;
      while (p + 4 <= Math.min(extensionsEnd, end)) {
        int type = u16(h, p);
        int len = u16(h, p + 2);
        p += 4;
        if (type == 0) {
          return serverName(h, p, p + len);
        }
        p += len;
      }
      return new Hello(null);
    } catch (ArrayIndexOutOfBoundsException e) {
      return new NotTls("a malformed ClientHello");
    }
  }

  private static Result serverName(byte[] h, int p, int end) {
    int listEnd = Math.min(end, p + 2 + u16(h, p));
    p += 2;
    while (p + 3 <= listEnd) {
      int nameType = h[p] & 0xff;
      int len = u16(h, p + 1);
      p += 3;
      if (nameType == 0 && p + len <= listEnd) {
        return new Hello(new String(h, p, len, StandardCharsets.US_ASCII));
      }
      p += len;
    }
    return new Hello(null);
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static int u24(byte[] b, int at) {
    return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
  }
}
