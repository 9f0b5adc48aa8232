package dev.parley.domain;

/**
 * A phone number linked to an application, as the Voice API links them: calls to it reach the
 * application, and calls the application places from it leave through {@code trunkName} (null: the
 * node's only trunk; with several, such a number places no calls). {@code number} is E.164 digits without the {@code +}. Immutable.
 */
public record PhoneNumber(String number, String applicationId, String trunkName, long createdMs) {}
