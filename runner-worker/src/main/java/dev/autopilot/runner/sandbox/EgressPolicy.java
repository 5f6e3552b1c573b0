package dev.autopilot.runner.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Where an agent may connect: the hosts an operator listed (with port, 443 by default), and of
 * those only names that lead to public addresses.
 */
final class EgressPolicy {

  private final List<String> allowedDomains;

  EgressPolicy(List<String> allowedDomains) {
    this.allowedDomains =
        allowedDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
  }

  /** Whether the operator's allow-list names {@code host} (and {@code port}, default 443). */
  boolean allows(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String rule : allowedDomains) {
      String name = rule;
      int rulePort = 443;
      int colon = rule.lastIndexOf(':');
      if (colon > 0 && rule.indexOf(']') < colon) {
        name = rule.substring(0, colon);
        rulePort = Integer.parseInt(rule.substring(colon + 1));
      }
      boolean nameMatches = name.startsWith("*.") ? h.endsWith(name.substring(1)) : h.equals(name);
      if (nameMatches && port == rulePort) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where a listed name leads, refused when that is this machine or a private network (a public
   * registry's name pointed at the cloud metadata service, say). An address listed as a literal is
   * taken as the operator wrote it.
   */
  static InetAddress publicAddress(String host) throws IOException {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean literal = bare.matches("[0-9.]+") || bare.contains(":");
    InetAddress[] all = InetAddress.getAllByName(bare);
    if (literal) {
      return all[0];
    }
    for (InetAddress a : all) {
      boolean uniqueLocal = a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc;
      if (a.isLoopbackAddress()
          || a.isSiteLocalAddress()
          || a.isLinkLocalAddress()
          || a.isAnyLocalAddress()
          || a.isMulticastAddress()
          || uniqueLocal) {
        throw new IOException(host + " resolves to a private address (" + a.getHostAddress() + ")");
      }
    }
    return all[0];
  }
}
