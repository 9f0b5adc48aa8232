// The official Vonage Node SDK's voice client (@vonage/voice), unchanged, against a running Parley
// started with SIP (PARLEY_SIPP_DIR names the sipp scenarios). sipp, an independent SIP stack, is the
// callee; its media port is a UDP socket of this test's own, so what Parley sends into the call is
// checked here: the streamed tone (Goertzel) and the DTMF keys (RFC 4733).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import http from 'node:http';
import { Auth } from '@vonage/auth';
import { Voice, NCCOBuilder, Conversation, Talk, CallStatus } from '@vonage/voice';
import { Inbox } from './support.mjs';

const auth = new Auth({
  applicationId: process.env.PARLEY_APP_ID,
  privateKey: readFileSync(process.env.PARLEY_KEY_FILE),
});
const voice = new Voice(auth, { apiHost: process.env.PARLEY_URL });
const SIPP_DIR = process.env.PARLEY_SIPP_DIR;

/** The application's webhooks: call events arrive here, and a 1 kHz tone WAV is served. */
const events = new Inbox('call events');
const tone = toneWav(1000, 1.0);
const app = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    if (request.url === '/tone.wav') {
      response.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': tone.length });
      response.end(tone);
      return;
    }
    if (request.url === '/events') events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    response.writeHead(204);
    response.end();
  });
});
await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
const appUrl = (path) => `http://127.0.0.1:${app.address().port}${path}`;
after(() => app.close());

test('createOutboundCall, getCall, the call list and every in-call control reach a sipp callee', async () => {
  const media = await rtpListener();
  const callee = await sippCallee('callee-listens.xml', ['-set', 'rtpport', String(media.port)]);
  try {
    const ncco = new NCCOBuilder().addAction(new Conversation('node-voice')).build();
    const created = await voice.createOutboundCall({
      to: [{ type: 'sip', uri: `sip:carol@127.0.0.1:${callee.port}` }],
      from: { type: 'phone', number: '447700900003' },
      ncco,
      eventUrl: [appUrl('/events')],
    });
    assert.match(created.uuid, /^[0-9a-f-]{36}$/);
    assert.match(created.conversationUUID, /^CON-/);
    assert.equal(created.direction, 'outbound');
    const uuid = created.uuid;
    await events.waitFor((e) => e.uuid === uuid && e.status === 'answered', 'answered');
    // the NCCO's conversation action moves the leg; its transfer event says when
    const moved = await events.waitFor((e) => e.uuid === uuid && e.conversation_uuid_to, 'the transfer event');
    assert.equal(moved.conversation_uuid_from, created.conversationUUID);

    const call = await voice.getCall(uuid);
    assert.equal(call.uuid, uuid);
    assert.equal(call.status, CallStatus.ANSWERED);
    assert.equal(call.to.uri, `sip:carol@127.0.0.1:${callee.port}`);
    // the conversation action moved the leg from the call's own conversation into the named one
    assert.match(call.conversationUUID, /^CON-/);
    assert.equal(call.conversationUUID, moved.conversation_uuid_to);
    const page = await voice.getCallsPage({ conversationUuid: call.conversationUUID });
    assert.deepEqual(page._embedded.calls.map((c) => c.uuid), [uuid]);
    const listed = [];
    for await (const c of voice.getAllCalls({ conversationUuid: call.conversationUUID })) listed.push(c.uuid);
    assert.deepEqual(listed, [uuid]);

    await voice.muteCall(uuid);
    await voice.unmuteCall(uuid);
    await voice.earmuffCall(uuid);
    await voice.unearmuffCall(uuid);

    const before = media.packets.length;
    const started = await voice.streamAudio(uuid, appUrl('/tone.wav'), 0, 0);
    assert.equal(started.message, 'Stream started');
    await media.waitFor(() => media.packets.length > before + 40, 'the streamed tone');
    const heard = media.samples(before + 5);
    assert.ok(power(heard, 1000) > 100 * power(heard, 440), 'the streamed 1 kHz tone is heard');
    assert.equal((await voice.stopStreamAudio(uuid)).message, 'Stream stopped');

    assert.equal((await voice.playTTS(uuid, { text: 'Testing one two three' })).message, 'Talk started');
    assert.equal((await voice.stopTTS(uuid)).message, 'Talk stopped');

    assert.equal((await voice.playDTMF(uuid, '19#')).message, 'DTMF sent');
    await media.waitFor(() => media.keys().join('') === '19#', 'the keys 1, 9 and # as RFC 4733 events');

    await voice.transferCallWithNCCO(uuid, new NCCOBuilder().addAction(new Talk('goodbye')).build());
    await events.waitFor((e) => e.uuid === uuid && e.status === 'completed', 'completed after the transfer');
    assert.equal((await callee.exit).code, 0, 'sipp answered our BYE:\n' + callee.output());
    assert.equal((await voice.getCall(uuid)).status, CallStatus.COMPLETED);
  } finally {
    callee.kill();
    media.close();
  }
});

test('hangupCall ends a call and errors come back as the SDK expects', async () => {
  const callee = await sippCallee('callee-answers.xml', []);
  try {
    const created = await voice.createOutboundCall({
      to: [{ type: 'sip', uri: `sip:dave@127.0.0.1:${callee.port}`, headers: { Team: 'blue' } }],
      from: { type: 'phone', number: '447700900004' },
      ncco: [{ action: 'conversation', name: 'node-hangup' }],
      eventUrl: [appUrl('/events')],
    });
    await events.waitFor((e) => e.uuid === created.uuid && e.status === 'answered', 'answered');
    await voice.hangupCall(created.uuid);
    assert.equal((await callee.exit).code, 0, 'sipp saw the X-Team header and our BYE:\n' + callee.output());
    await events.waitFor((e) => e.uuid === created.uuid && e.status === 'completed', 'completed');

    await assert.rejects(voice.hangupCall(created.uuid), (error) => error.response?.status === 400);
  } finally {
    callee.kill();
  }
  await assert.rejects(voice.getCall('00000000-0000-4000-8000-000000000000'), (error) => error.response?.status === 404);
  await assert.rejects(
    voice.createOutboundCall({ to: [{ type: 'sip', uri: 'not a uri' }], from: { type: 'phone', number: '1' }, ncco: [] }),
    (error) => error.response?.status === 400,
  );
});

/** A 1 s, 8 kHz, 16-bit mono WAV of one sine tone. */
function toneWav(hz, seconds) {
  const rate = 8000;
  const samples = Math.round(rate * seconds);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  }
  return wav;
}

/** The Goertzel power of one frequency in 8 kHz samples. */
function power(samples, hz) {
  const k = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

/** G.711 μ-law to linear (ITU-T G.711). */
function ulaw(byte) {
  const u = ~byte & 0xff;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

/** A loopback UDP socket that keeps every RTP packet Parley sends to it. */
async function rtpListener() {
  const socket = dgram.createSocket('udp4');
  const packets = [];
  const waiters = [];
  socket.on('message', (message) => {
    packets.push({ payloadType: message[1] & 0x7f, payload: message.subarray(12) });
    for (const w of [...waiters]) if (w.done()) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    packets,
    /** μ-law samples of the PCMU packets from index {@code from} on. */
    samples(from) {
      return packets.slice(from).filter((p) => p.payloadType === 0).flatMap((p) => [...p.payload].map(ulaw));
    },
    /** The keys of the RFC 4733 events (payload type 101), one per event, in order. */
    keys() {
      const keys = [];
      let last = null;
      for (const p of packets.filter((q) => q.payloadType === 101)) {
        const ended = (p.payload[1] & 0x80) !== 0;
        const key = '0123456789*#'[p.payload[0]] ?? '?';
        if (ended && last !== 'ended') keys.push(key);
        last = ended ? 'ended' : key;
      }
      return keys;
    },
    waitFor(done, what, timeoutMs = 10000) {
      if (done()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const waiter = { done, resolve };
        waiters.push(waiter);
        setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs).unref();
      });
    },
    close() { socket.close(); },
  };
}

/** Starts sipp as a callee on a free loopback port and resolves once its socket is bound. */
async function sippCallee(scenario, extra) {
  const port = await freeUdpPort();
  const dir = mkdtempSync(join(tmpdir(), 'parley-node-sipp-'));
  const child = spawn('sipp', [
    '-i', '127.0.0.1', '-p', String(port), '-mp', String(await freeUdpPort()), '-m', '1', '-nostdin',
    '-timeout', '40s', '-timeout_error', '-trace_err', '-error_file', join(dir, 'errors.log'),
    '-sf', join(SIPP_DIR, scenario), ...extra,
  ], { cwd: dir });
  let printed = '';
  child.stdout.on('data', (d) => { printed += d; });
  child.stderr.on('data', (d) => { printed += d; });
  const exit = new Promise((resolve) => child.on('exit', (code) => resolve({ code })));
  const bound = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  const deadline = Date.now() + 10000;
  while (!readFileSync('/proc/net/udp', 'utf8').includes(bound)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sipp did not start listening:\n${printed}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const output = () => {
    let errors = '';
    try { errors = readFileSync(join(dir, 'errors.log'), 'utf8'); } catch { /* none logged */ }
    return printed.slice(-2000) + errors;
  };
  return { port, exit, output, kill: () => child.exitCode === null && child.kill('SIGKILL') };
}

async function freeUdpPort() {
  const socket = dgram.createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}
