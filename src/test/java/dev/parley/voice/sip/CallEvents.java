package dev.parley.voice.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The call layer, as SIP tests stand in for it: what the endpoint tells it, one line per event
 * ({@code invited alice -> room}, {@code established}, {@code ended: remote hangup}, {@code ringing},
 * {@code answered pcmu/8000}, {@code failed 487} ...), the incoming calls it was offered, and what it
 * does when a call comes in, is established or is answered.
 */
final class CallEvents implements CallListener, OutgoingCall.Listener {
    private final LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<IncomingCall> invited = new LinkedBlockingQueue<>();
    private volatile Consumer<IncomingCall> onInvite = call -> {};
    private volatile Consumer<IncomingCall> onEstablished = call -> {};
    private volatile Consumer<OutgoingCall> onAnswer = call -> {};

    CallEvents onInvite(Consumer<IncomingCall> action) {
        onInvite = action;
        return this;
    }

    CallEvents onEstablished(Consumer<IncomingCall> action) {
        onEstablished = action;
        return this;
    }

    CallEvents onAnswer(Consumer<OutgoingCall> action) {
        onAnswer = action;
        return this;
    }

    /** Everything heard so far, in order (for tests on a hand-moved clock, where nothing is late). */
    List<String> heard() {
        return List.copyOf(heard);
    }

    /** The next event, waited for up to 10 s. */
    String next() throws InterruptedException {
        String event = heard.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("the voice layer heard nothing more").isNotNull();
        return event;
    }

    /** The next event that starts with {@code prefix}, skipping others (waiting up to 10 s for each). */
    String next(String prefix) throws InterruptedException {
        String event = next();
        while (!event.startsWith(prefix)) {
            event = next();
        }
        return event;
    }

    /** The next call offered, waited for up to 5 s (null when none came). */
    IncomingCall nextInvited() throws InterruptedException {
        return invited.poll(5, TimeUnit.SECONDS);
    }

    /** The calls offered and not yet taken by {@link #nextInvited}. */
    List<IncomingCall> invited() {
        return List.copyOf(invited);
    }

    @Override
    public void invited(IncomingCall call) {
        heard.add("invited " + call.from().user() + " -> " + call.to().user());
        invited.add(call);
        onInvite.accept(call);
    }

    @Override
    public void cancelled(IncomingCall call) {
        heard.add("cancelled");
    }

    @Override
    public void established(IncomingCall call) {
        heard.add("established");
        onEstablished.accept(call);
    }

    @Override
    public void ended(IncomingCall call, String reason) {
        heard.add("ended: " + reason);
    }

    @Override
    public void ringing(OutgoingCall call) {
        heard.add("ringing");
    }

    @Override
    public void answered(OutgoingCall call, Sdp answer) {
        heard.add("answered " + answer.encoding(answer.g711().orElseThrow()));
        onAnswer.accept(call);
    }

    @Override
    public void failed(OutgoingCall call, int status) {
        heard.add("failed " + status);
    }

    @Override
    public void ended(OutgoingCall call, String reason) {
        heard.add("ended: " + reason);
    }
}
