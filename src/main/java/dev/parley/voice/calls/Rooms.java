package dev.parley.voice.calls;

import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.WavFetcher;
import dev.parley.voice.ncco.NccoAction;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which legs are in which conversation's mix on this node. A leg is always in one: its own call's
 * conversation first, then where an NCCO {@code conversation} or {@code connect} takes it. A
 * conversation whose legs all entered with {@code startOnEnter: false} has not started: they hear its
 * music on hold (or silence) and nobody hears them, until a leg enters with {@code startOnEnter: true}.
 * When a leg that entered with {@code endOnExit} leaves, the others are hung up. Thread-safe.
 */
final class Rooms {

    private final Bridge bridge;
    private final LegRecorder recorder;
    private final WavFetcher audio;
    private final Map<String, Set<CallSession>> rooms = new ConcurrentHashMap<>();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Recordings recordings;

    /** Rooms in {@code bridge}'s mix; {@code recordings} end with a call, a key or an emptied room. */
    Rooms(Bridge bridge, LegRecorder recorder, Recordings recordings, WavFetcher audio) {
        this.audio = audio;
        this.bridge = bridge;
        this.recorder = recorder;
        this.recordings = recordings;
    }

    /** Puts the leg in the mix of the conversation it is in now. */
    void join(CallSession session) {
        move(session, session.leg.conversationId().value());
    }

    /** An NCCO {@code conversation}: the leg moves into the named one (made if new). */
    void enter(CallSession session, NccoAction.Conversation conversation) {
        release(session); // whatever it waited for before, it is somewhere else now
        recorder.joinNamed(session, conversation.name());
        String room = session.leg.conversationId().value();
        session.media.endOnExit = conversation.endOnExit();
        Bridge.Participant participant = session.media.participant;
        mute(session, conversation.mute());
        participant.canHear(conversation.canHear() == null ? null : Set.copyOf(conversation.canHear()));
        participant.canSpeak(conversation.canSpeak() == null ? null : Set.copyOf(conversation.canSpeak()));
        if (conversation.startOnEnter()) {
            started.add(room);
            move(session, room);
            members(room).forEach(Rooms::release);
            return;
        }
        move(session, room);
        if (!started.contains(room)) {
            participant.waitToStart(true);
            if (conversation.musicOnHoldUrl() != null) {
                try {
                    participant.prompt.start(audio.fetch(conversation.musicOnHoldUrl()), 1.0, 0);
                } catch (IOException e) {
                    // the leg waits in silence instead; the application hears why
                    recorder.error(
                            session,
                            "conversation: musicOnHoldUrl " + conversation.musicOnHoldUrl() + " not played: "
                                    + e.getMessage());
                }
            }
        }
    }

    /**
     * An NCCO {@code transfer}: every leg in this leg's conversation on this node moves into the
     * application's existing conversation {@code conversationId}, this one muted if the action says so.
     * False when there is no such conversation (nothing moves).
     */
    boolean transfer(CallSession session, NccoAction.Transfer transfer) {
        String from = session.media.room;
        if (!recorder.joinExisting(session, transfer.conversationId())) {
            return false;
        }
        release(session);
        String room = session.leg.conversationId().value();
        for (CallSession other : from == null ? Set.<CallSession>of() : members(from)) {
            if (other != session) {
                recorder.joinExisting(other, transfer.conversationId());
                release(other);
                move(other, room);
            }
        }
        if (Boolean.TRUE.equals(transfer.mute())) {
            mute(session, true);
        }
        session.media.participant.canHear(transfer.canHear() == null ? null : Set.copyOf(transfer.canHear()));
        session.media.participant.canSpeak(transfer.canSpeak() == null ? null : Set.copyOf(transfer.canSpeak()));
        started.add(room);
        move(session, room);
        return true;
    }

    /** The leg's conversation has started, or it left the one it waited in: its music on hold ends. */
    private static void release(CallSession session) {
        if (session.media.participant.waiting()) {
            session.media.participant.prompt.stop();
            session.media.participant.waitToStart(false);
        }
    }

    /**
     * The NCCO mutes or unmutes the leg where it is now: recorded like a mute by PUT ({@code
     * audio:mute:on|off} and {@code member:media}) when it changes anything.
     */
    private void mute(CallSession session, boolean muted) {
        Bridge.Participant participant = session.media.participant;
        if (participant.muted() != muted) {
            participant.mute(muted);
            recorder.audioSettings(session, muted, participant.earmuffed(), "mute");
        }
    }

    /** A key the leg's caller pressed reaches the WebSocket legs of its conversation ({@code websocket:dtmf}). */
    void keyPressed(CallSession session, char key) {
        recordings.keyPressed(session, key);
        String room = session.media.room;
        for (CallSession other : room == null ? Set.<CallSession>of() : members(room)) {
            if (other != session
                    && other.media.participant != null
                    && other.media.participant.port() instanceof dev.parley.voice.websocket.WebSocketPort ws) {
                ws.dtmf(key);
            }
        }
    }

    /**
     * Moves the leg's participant into {@code room}'s mix, out of the one it was in. Its own NCCO thread
     * moves it, and so does another leg's transfer of the whole conversation: the leg's media monitor
     * makes each move whole.
     */
    void move(CallSession session, String room) {
        synchronized (session.media) {
            String previous = session.media.room;
            if (room.equals(previous)) {
                return;
            }
            if (previous != null) {
                bridge.leave(previous, session.media.participant);
                forget(previous, session);
            }
            session.media.room = room;
            rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(session);
            bridge.join(room, session.media.participant);
        }
    }

    /** The leg's call ended: out of the mix; with {@code endOnExit}, the others' calls end too. */
    void leave(CallSession session) {
        recordings.callEnded(session);
        String room;
        synchronized (session.media) {
            room = session.media.room;
            if (room == null) {
                return;
            }
            bridge.leave(room, session.media.participant);
            forget(room, session);
        }
        if (session.media.endOnExit) {
            // Each hangup reaches its call's SIP listener, which records that call's end.
            members(room).forEach(CallSession::signalHangup);
        }
    }

    /** How many legs are in {@code room} on this node. */
    int size(String room) {
        return rooms.getOrDefault(room, Set.of()).size();
    }

    private Set<CallSession> members(String room) {
        return Set.copyOf(rooms.getOrDefault(room, Set.of()));
    }

    private void forget(String room, CallSession session) {
        rooms.computeIfPresent(room, (r, set) -> {
            set.remove(session);
            if (set.isEmpty()) {
                started.remove(r);
                recordings.roomEmpty(r);
                return null;
            }
            return set;
        });
    }
}
