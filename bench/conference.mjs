// Conference benchmark (not a test): places WebSocket legs through POST /v1/calls into CONFERENCES
// conversations of SIZE legs each (Parley dials this process's WebSocket server), streams 16 kHz audio
// from every leg in real time, and measures mouth-to-ear latency through the mixer: the first leg of
// each conference sends a 100 ms tone burst once a second, the others time its arrival from when its
// first frame left (same process, same clock). Prints latency percentiles. Run it with bench/conference.sh.
import { createRequire } from 'node:module';
import { createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'src/test/node/package.json'));
const { WebSocketServer } = require('ws');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const BASE = args.url;
const conferences = Number(args.conferences ?? 1);
const size = Number(args.size ?? 20);
const seconds = Number(args.seconds ?? 30);
const warmup = Number(args.warmup ?? 5);
const wsPort = Number(args['ws-port'] ?? 18099);
const key = readFileSync(args.key, 'utf8');

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
function token() {
  const iat = Math.floor(Date.now() / 1000);
  const input = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ application_id: args.app, iat, exp: iat + 3600, jti: randomUUID() })}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

const FRAME_SAMPLES = 320; // 20 ms at 16 kHz
const BURST_FRAMES = 5; // 100 ms
const silence = Buffer.alloc(FRAME_SAMPLES * 2);
const tone = (k) => {
  const frame = Buffer.alloc(FRAME_SAMPLES * 2);
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    frame.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 1000 * (k * FRAME_SAMPLES + i)) / 16000)), i * 2);
  }
  return frame;
};
const burst = Array.from({ length: BURST_FRAMES }, (_, k) => tone(k));
const loud = (data) => {
  let energy = 0;
  for (let i = 0; i + 1 < data.length; i += 2) {
    const s = data.readInt16LE(i);
    energy += s * s;
  }
  return energy / (data.length / 2) > 1000 * 1000;
};

/** legs[conference][member] = { socket, heardAt } */
const legs = Array.from({ length: conferences }, () => []);
const burstSentAt = new Array(conferences).fill(0);
const latencies = [];
let measuring = false;
let connected = 0;

const server = new WebSocketServer({ port: wsPort, host: '127.0.0.1' });
server.on('connection', (socket, request) => {
  const url = new URL(request.url, 'http://x');
  const c = Number(url.searchParams.get('c'));
  const m = Number(url.searchParams.get('m'));
  const leg = { socket, armed: false };
  legs[c][m] = leg;
  connected++;
  socket.on('message', (data, binary) => {
    if (!binary || m === 0) return;
    if (leg.armed && loud(data)) {
      leg.armed = false;
      if (measuring) latencies.push(performance.now() - burstSentAt[c]);
    }
  });
});

for (let c = 0; c < conferences; c++) {
  for (let m = 0; m < size; m++) {
    const response = await fetch(`${BASE}/v1/calls`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        to: [{ type: 'websocket', uri: `ws://127.0.0.1:${wsPort}/leg?c=${c}&m=${m}`, 'content-type': 'audio/l16;rate=16000' }],
        ncco: [{ action: 'conversation', name: `bench-conference-${c}` }],
      }),
    });
    if (response.status !== 201) throw new Error(`POST /v1/calls -> ${response.status} ${await response.text()}`);
  }
}
const deadline = Date.now() + 60_000;
while (connected < conferences * size) {
  if (Date.now() > deadline) throw new Error(`only ${connected} of ${conferences * size} legs connected`);
  await new Promise((r) => setTimeout(r, 50));
}
console.log(`== ${conferences} conference(s) of ${size} WebSocket legs connected; ${warmup} s warm-up, then ${seconds} s measured`);

// Every leg sends a frame every 20 ms on a drift-free schedule; leg 0 of each conference bursts once a second.
const start = performance.now();
let tick = 0;
await new Promise((resolve) => {
  const step = () => {
    const elapsed = (performance.now() - start) / 1000;
    measuring = elapsed >= warmup;
    if (elapsed >= warmup + seconds) return resolve();
    const inBurst = tick % 50;
    for (let c = 0; c < conferences; c++) {
      for (let m = 0; m < size; m++) {
        const leg = legs[c][m];
        if (m === 0 && inBurst < BURST_FRAMES) {
          if (inBurst === 0) {
            burstSentAt[c] = performance.now();
            for (let r = 1; r < size; r++) legs[c][r].armed = true;
          }
          leg.socket.send(burst[inBurst]);
        } else {
          leg.socket.send(silence);
        }
      }
    }
    tick++;
    setTimeout(step, Math.max(0, start + tick * 20 - performance.now()));
  };
  step();
});

latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] : NaN);
const expected = conferences * (size - 1) * seconds;
console.log(
  `== mouth-to-ear through the mixer: ${latencies.length} bursts heard (of ~${expected}); ` +
    `p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`,
);
for (const conference of legs) for (const leg of conference) leg.socket.close(1000, 'bench over');
server.close();
process.exit(0);
