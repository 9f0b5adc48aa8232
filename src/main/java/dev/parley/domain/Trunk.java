package dev.parley.domain;

import java.net.InetAddress;
import java.util.List;

/**
 * A SIP trunk to a carrier, the Phone channel's way out and in: calls to {@code phone} endpoints
 * become INVITEs to {@code proxy} ({@code sip:host[:port][;transport=udp|tcp]}); a challenge is
 * answered with {@code username}/{@code password} (of {@code realm} only, when set); {@code register}
 * keeps a registration alive; INVITEs from an address in {@code acl} are the carrier's, routed by the
 * dialled number; {@code plusNumbers}: numbers go to the carrier as {@code +E.164} rather than digits;
 * {@code callerIds}: caller ids besides their linked numbers that the applications with numbers on
 * this trunk may call from through it. {@code toString} hides the password, so it never reaches a log.
 * Immutable.
 */
public record Trunk(
        String name,
        String proxy,
        String username,
        String password,
        String realm,
        boolean register,
        String fromDomain,
        List<Cidr> acl,
        boolean plusNumbers,
        List<CallerIdPattern> callerIds,
        long createdMs) {
    public Trunk {
        name = name.toLowerCase(java.util.Locale.ROOT);
        acl = List.copyOf(acl);
        callerIds = List.copyOf(callerIds);
    }

    /** Whether the operator lets this trunk present {@code number} (E.164 digits) beyond linked numbers. */
    public boolean allowsCallerId(String number) {
        return callerIds.stream().anyMatch(p -> p.matches(number));
    }

    /** Whether a request from {@code source} comes from this trunk's carrier. */
    public boolean admits(InetAddress source) {
        return acl.stream().anyMatch(cidr -> cidr.contains(source));
    }

    /** {@code number} (E.164 digits) as this trunk's carrier wants it: with a {@code +} or without. */
    public String carrierNumber(String number) {
        return plusNumbers ? "+" + number : number;
    }

    public boolean hasCredentials() {
        return username != null && password != null;
    }

    @Override
    public String toString() {
        return "Trunk[" + name + ", " + proxy + ", " + username + ", password hidden]";
    }
}
