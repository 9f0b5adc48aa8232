/** SIP signalling: transactions and dialogs over UDP and TCP, SDP offer and answer, digest auth. */
package dev.parley.voice.sip;
