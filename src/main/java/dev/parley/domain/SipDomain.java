package dev.parley.domain;

import java.net.InetAddress;
import java.util.List;

/**
 * A SIP domain routed to an application, as the Voice API's Programmable SIP provisions it: INVITEs
 * for {@code sip:anything@name} from an address in {@code acl} reach the application's answer URL.
 * {@code name} is lower case.
 */
public record SipDomain(String name, String applicationId, List<Cidr> acl, long createdMs) {
    public SipDomain {
        name = name.toLowerCase(java.util.Locale.ROOT);
        acl = List.copyOf(acl);
    }

    /** Whether a request from {@code source} may use this domain. */
    public boolean admits(InetAddress source) {
        return acl.stream().anyMatch(cidr -> cidr.contains(source));
    }
}
