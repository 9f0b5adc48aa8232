package dev.parley.domain;

/**
 * A Vonage application: the tenant every user, conversation and token belongs to. Only the public key
 * is kept; the private key stays with the application's owner.
 */
public record Application(
        String id, String name, String publicKeyPem, String eventUrl, String eventMethod, long createdMs) {}
