/**
 * SIP dialogs (RFC 3261 §12): the state two user agents share after an INVITE is answered, and the
 * requests built inside it. Uses messages and transports; knows no transaction and no call.
 */
package dev.parley.voice.sip.dialog;
