package dev.parley.service;

import dev.parley.domain.CallerIdPattern;
import dev.parley.domain.Cidr;
import dev.parley.domain.Clock;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Trunk;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SIP trunks to carriers, managed by the operator (CLI): validated when created, removed only when no
 * number leaves through them. A trunk's carrier is recognised by address: its ACL, by default the
 * addresses its proxy's host resolves to when it is created. Thread-safe.
 */
public final class TrunkService {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    /** {@code sip:host[:port][;transport=udp|tcp]}: host a DNS name, IPv4, or IPv6 in brackets. */
    private static final Pattern PROXY = Pattern.compile(
            "sip:(\\[[0-9a-f:.]+]|[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)(:(\\d{1,5}))?(;transport=(udp|tcp))?");

    private final Store store;
    private final Clock clock;

    public TrunkService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What a new trunk is made of, as the operator gave it; null fields are not set. */
    public record Request(
            String name,
            String proxy,
            String username,
            String password,
            String realm,
            boolean register,
            String fromDomain,
            List<String> acl,
            String numberFormat,
            List<String> callerIds) {
        @Override
        public String toString() {
            return "Trunk.Request[" + name + ", " + proxy + ", password hidden]";
        }
    }

    public Trunk create(Request request) {
        List<DomainException.InvalidParameter> problems = new ArrayList<>();
        String name = request.name() == null ? "" : request.name().strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            problems.add(new DomainException.InvalidParameter(
                    "name", "must be 1-63 lower-case letters, digits, '.', '_' or '-'"));
        }
        String proxy = request.proxy() == null ? "" : request.proxy().strip().toLowerCase(Locale.ROOT);
        Matcher matcher = PROXY.matcher(proxy);
        boolean proxyValid = matcher.matches()
                && (matcher.group(4) == null
                        || (Integer.parseInt(matcher.group(4)) > 0 && Integer.parseInt(matcher.group(4)) <= 65_535));
        if (!proxyValid) {
            problems.add(new DomainException.InvalidParameter(
                    "proxy", "must be sip:host[:port][;transport=udp|tcp], e.g. sip:sip.carrier.example:5060"));
        }
        boolean hasUser = request.username() != null;
        if (hasUser != (request.password() != null)) {
            problems.add(new DomainException.InvalidParameter(
                    hasUser ? "password" : "username", "username and password go together"));
        }
        checkQuotable(problems, "username", request.username());
        checkQuotable(problems, "password", request.password());
        checkQuotable(problems, "realm", request.realm());
        if (request.register() && !hasUser) {
            problems.add(new DomainException.InvalidParameter("register", "needs a username and password"));
        }
        String fromDomain = request.fromDomain() == null
                ? null
                : request.fromDomain().strip().toLowerCase(Locale.ROOT);
        if (fromDomain != null && !fromDomain.matches("[a-z0-9.\\-\\[\\]:]{1,253}")) {
            problems.add(new DomainException.InvalidParameter("from_domain", "must be a host name or IP address"));
        }
        String numberFormat = request.numberFormat() == null ? "digits" : request.numberFormat();
        if (!numberFormat.equals("digits") && !numberFormat.equals("plus")) {
            problems.add(new DomainException.InvalidParameter(
                    "number_format", "must be digits (447700900000) or plus (+447700900000)"));
        }
        List<Cidr> acl = new ArrayList<>();
        List<String> given = request.acl() == null ? List.of() : request.acl();
        for (int i = 0; i < given.size(); i++) {
            Optional<Cidr> cidr = Cidr.parse(given.get(i));
            if (cidr.isPresent()) {
                acl.add(cidr.get());
            } else {
                problems.add(new DomainException.InvalidParameter(
                        "acl[" + i + "]",
                        "must be an IP address or range such as 192.0.2.0/24 (got " + given.get(i) + ")"));
            }
        }
        List<CallerIdPattern> callerIds = new ArrayList<>();
        List<String> patterns = request.callerIds() == null ? List.of() : request.callerIds();
        for (int i = 0; i < patterns.size(); i++) {
            Optional<CallerIdPattern> pattern = CallerIdPattern.parse(patterns.get(i));
            if (pattern.isPresent()) {
                callerIds.add(pattern.get());
            } else {
                problems.add(new DomainException.InvalidParameter(
                        "caller_ids[" + i + "]",
                        "must be an E.164 number, or digits and a trailing * for a block, such as 4420794600* (got "
                                + patterns.get(i) + ")"));
            }
        }
        if (problems.isEmpty() && acl.isEmpty()) {
            acl.addAll(resolved(matcher.group(1), problems));
        }
        if (!problems.isEmpty()) {
            throw new DomainException.Invalid(problems);
        }
        Trunk trunk = new Trunk(
                name,
                proxy,
                request.username(),
                request.password(),
                request.realm(),
                request.register(),
                fromDomain,
                acl,
                numberFormat.equals("plus"),
                callerIds,
                clock.nowMs());
        return store.write(tx -> {
            try {
                tx.trunks().insert(trunk);
            } catch (UniqueViolation e) {
                throw new DomainException.Conflict(
                        ErrorCode.TRUNK_DUPLICATE_NAME, "The trunk " + name + " already exists.");
            }
            return trunk;
        });
    }

    /** The proxy host's addresses, as the carrier's INVITEs most likely come from them. */
    private static List<Cidr> resolved(String host, List<DomainException.InvalidParameter> problems) {
        List<Cidr> acl = new ArrayList<>();
        try {
            for (InetAddress address :
                    InetAddress.getAllByName(host.replace("[", "").replace("]", ""))) {
                Cidr.parse(address.getHostAddress()).ifPresent(acl::add);
            }
        } catch (UnknownHostException e) {
            problems.add(new DomainException.InvalidParameter(
                    "acl", "the proxy's host " + host + " does not resolve: give the carrier's addresses with --acl"));
        }
        return acl;
    }

    private static void checkQuotable(List<DomainException.InvalidParameter> problems, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.isEmpty()
                || value.length() > 200
                || !value.chars().allMatch(c -> c >= 0x20 && c != 0x7F && c != '"' && c != '\\')) {
            problems.add(new DomainException.InvalidParameter(
                    field, "must be up to 200 printable characters without quotes or backslashes"));
        }
    }

    public List<Trunk> list() {
        return store.read(tx -> tx.trunks().all());
    }

    public Optional<Trunk> find(String name) {
        return store.read(tx -> tx.trunks().find(name));
    }

    /** Removes the trunk; refused while numbers leave through it. */
    public void delete(String name) {
        String normalized = name.strip().toLowerCase(Locale.ROOT);
        store.write(tx -> {
            int numbers = tx.numbers().countOnTrunk(normalized);
            if (numbers > 0) {
                throw new DomainException.Conflict(
                        ErrorCode.TRUNK_IN_USE,
                        numbers + " number(s) leave through the trunk " + normalized + ": unlink them first.");
            }
            if (!tx.trunks().delete(normalized)) {
                throw new DomainException.NotFound(ErrorCode.TRUNK_NOT_FOUND, "There is no trunk " + normalized + ".");
            }
            return null;
        });
    }
}
