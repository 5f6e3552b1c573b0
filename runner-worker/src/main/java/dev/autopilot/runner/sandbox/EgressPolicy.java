package dev.autopilot.runner.sandbox;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Where an agent may connect: the hosts an operator listed (with port, 443 by default), and of
 * those only names that lead to public addresses. An address literal passes only when the operator
 * listed that very literal; a wildcard never matches one.
 */
final class EgressPolicy {

  private final List<String> allowedDomains;

  EgressPolicy(List<String> allowedDomains) {
    this.allowedDomains =
        allowedDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
  }

  /** Whether the operator's allow-list names {@code host} (and {@code port}, default 443). */
  boolean allows(String host, int port) {
    return rule(host, port) != null;
  }

  private String rule(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String rule : allowedDomains) {
      String name = rule;
      int rulePort = 443;
      int colon = rule.lastIndexOf(':');
      if (colon > 0 && rule.indexOf(']') < colon) {
        name = rule.substring(0, colon);
        rulePort = Integer.parseInt(rule.substring(colon + 1));
      }
      boolean nameMatches =
          name.startsWith("*.") ? !literal(h) && h.endsWith(name.substring(1)) : h.equals(name);
      if (nameMatches && port == rulePort) {
        return name;
      }
    }
    return null;
  }

  /**
   * Where a listed host leads, refused when that is this machine or a private network (a public
   * registry's name pointed at the cloud metadata service, say). An address literal the operator
   * listed as such is taken as written.
   */
  InetAddress resolve(String host, int port) throws IOException {
    String bare = unbracket(host);
    InetAddress[] all = InetAddress.getAllByName(bare);
    if (literal(host) && rule(host, port) != null) {
      return all[0];
    }
    for (InetAddress a : all) {
      if (isPrivate(a)) {
        throw new IOException(host + " leads to a private address (" + a.getHostAddress() + ")");
      }
    }
    return all[0];
  }

  /** An address literal: dotted digits, or anything with a colon (IPv6 in any spelling). */
  static boolean literal(String host) {
    String bare = unbracket(host);
    return bare.contains(":") || bare.matches("[0-9.]+") || bare.matches("0x[0-9a-f.x]+");
  }

  /**
   * This machine, private and shared networks, and the IPv6 forms that carry an IPv4 address
   * (mapped, compatible, NAT64, 6to4, Teredo) so that no spelling reaches one of those.
   */
  static boolean isPrivate(InetAddress a) {
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      return privateV4(b, 0);
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    boolean zeroPrefix = true;
    for (int i = 0; i < 10; i++) {
      zeroPrefix &= b[i] == 0;
    }
    if (zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == -1 && b[11] == -1))) {
      return true; // ::/96 (unspecified, loopback, IPv4-compatible) and ::ffff:0:0/96 (mapped)
    }
    boolean nat64 =
        first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    boolean sixToFour = first == 0x20 && second == 0x02;
    boolean teredo = first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0;
    boolean discard = first == 0x01 && second == 0x00 && b[2] == 0 && b[3] == 0;
    return nat64
        || sixToFour
        || teredo
        || discard
        || (first & 0xfe) == 0xfc // unique local
        || first == 0xfe && (second & 0xc0) == 0x80 // link local
        || first == 0xfe && (second & 0xc0) == 0xc0 // site local
        || first == 0xff; // multicast
  }

  private static boolean privateV4(byte[] b, int at) {
    int a = b[at] & 0xff;
    int c = b[at + 1] & 0xff;
    return a == 0
        || a == 10
        || a == 127
        || a >= 224 // multicast, reserved, broadcast
        || a == 100 && (c & 0xc0) == 64 // 100.64.0.0/10, carrier-grade NAT
        || a == 169 && c == 254
        || a == 172 && (c & 0xf0) == 16
        || a == 192 && c == 168
        || a == 192 && c == 0 && (b[at + 2] & 0xff) == 0
        || a == 198 && (c & 0xfe) == 18; // 198.18.0.0/15, benchmarking
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
