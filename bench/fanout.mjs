// Fan-out benchmark (not a test): N socket.io sessions (socket.io-client, the library the legacy
// Client SDK is built on), all members of one conversation, receive messages posted at a steady
// rate; prints delivery latency percentiles and deliveries per second. Run it with bench/fanout.sh.
// Sender and receivers share this process's wall clock; the first --warmup seconds are not counted
// (the server's JIT compiles its hot paths then). --client raw speaks the same frames over a bare
// WebSocket, for a load client that takes less of the machine's CPU.
import { createRequire } from 'node:module';
import { createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { fork } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'src/test/node/package.json'));
const { io } = require('socket.io-client');
const { WebSocket } = require('ws');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const url = args.url ?? 'http://127.0.0.1:18091';
const appId = args.app;
const key = readFileSync(args.key, 'utf8');
const members = Number(args.members ?? 1000);
const rate = Number(args.rate ?? 10);
const seconds = Number(args.seconds ?? 30);
const warmup = Number(args.warmup ?? 5);
const serverPid = args['server-pid'];
const connectParallel = Number(args['connect-parallel'] ?? 100);
// Receivers are spread over this many processes: one Node process handles its sockets' pushes one
// at a time, and 1,000 members are 1,000 devices, not one thread.
const workers = Number(args.workers ?? 2);

const now = () => performance.timeOrigin + performance.now();
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

function token(sub) {
  const iat = Math.floor(Date.now() / 1000);
  const payload = { application_id: appId, iat, exp: iat + 3 * 3600, jti: randomUUID(), ...(sub ? { sub } : {}) };
  const input = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

const adminToken = token();
async function post(p, body) {
  const response = await fetch(url + p, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${p} -> ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Runs task(i) for i in [0, n) with at most `parallel` at once. */
async function pool(n, parallel, task) {
  let next = 0;
  const results = new Array(n);
  await Promise.all(
    Array.from({ length: Math.min(parallel, n) }, async () => {
      while (next < n) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const pct = (sorted, p) => (sorted.length === 0 ? 0 : sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]);
const ms = (v) => v.toFixed(1);


/**
 * One session with socket.io-client (the library under the legacy Client SDK). Resolves to something
 * with close() once logged in, or null.
 */
function connectSocketIo(userToken, received, fail, dropped) {
  return new Promise((resolve) => {
    const socket = io(url, {
      path: '/v2/rtc',
      transports: ['websocket'],
      query: { token: userToken },
      reconnection: false,
      forceNew: true,
      timeout: 120_000,
    });
    let loggedIn = false;
    socket.onAny((name, ...rest) => {
      const ack = typeof rest[rest.length - 1] === 'function' ? rest.pop() : null;
      if (ack) ack();
      if (!loggedIn) {
        loggedIn = true;
        if (name === 'session:success') resolve(socket);
        else {
          fail(name);
          resolve(null);
        }
        return;
      }
      received(name, rest[0]);
    });
    socket.on('connect_error', (error) => {
      fail(`connect_error ${error.message}`);
      resolve(null);
    });
    socket.on('disconnect', (reason) => {
      if (loggedIn) dropped();
      else {
        fail(`disconnect before login: ${reason}`);
        resolve(null);
      }
    });
  });
}

/**
 * The same session over a bare WebSocket (`ws`) speaking engine.io 4 / socket.io 5 frames itself,
 * as the SDKs put them on the wire: answers the handshake and pings and acknowledges every push,
 * at a fraction of socket.io-client's CPU (`--client raw`).
 */
function connectRaw(userToken, received, fail, dropped) {
  return new Promise((resolve) => {
    const socket = new WebSocket(
      `${url.replace(/^http/, 'ws')}/v2/rtc/?EIO=4&transport=websocket&token=${encodeURIComponent(userToken)}`,
      { perMessageDeflate: false },
    );
    let loggedIn = false;
    socket.on('message', (data) => {
      const text = data.toString();
      if (text[0] === '0') return socket.send('40');
      if (text === '2') return socket.send('3');
      if (!text.startsWith('42')) return;
      let i = 2;
      while (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      if (i > 2) socket.send(`43${text.slice(2, i)}[]`);
      const [name, payload] = JSON.parse(text.slice(i));
      if (!loggedIn) {
        loggedIn = true;
        if (name === 'session:success') resolve(socket);
        else {
          fail(name);
          resolve(null);
        }
        return;
      }
      received(name, payload);
    });
    socket.on('error', (error) => {
      if (!loggedIn) {
        fail(`error ${error.message}`);
        resolve(null);
      }
    });
    socket.on('close', () => {
      if (loggedIn) dropped();
      else {
        fail('closed before login');
        resolve(null);
      }
    });
  });
}

/** A receiving process: opens sessions for users [from, to) and measures what reaches them. */
async function worker() {
  const run = args.run;
  const from = Number(args.from);
  const to = Number(args.to);
  const latencies = [];
  const sinceStored = [];
  let delivered = 0;
  let dropped = 0;
  const failures = {};
  const fail = (reason) => (failures[reason] = (failures[reason] ?? 0) + 1);
  /** A pushed event reached this session. */
  function received(name, event) {
    if (name !== 'message') return;
    const at = now();
    const [phase, sentAt] = event.body.text.split(':');
    if (phase !== 'live') return;
    delivered++;
    latencies.push(at - Number(sentAt));
    sinceStored.push(at - Date.parse(event.timestamp));
  }
  const connect = args.client === 'raw' ? connectRaw : connectSocketIo;
  const sockets = await pool(to - from, connectParallel, (k) => connect(token(`fan-${run}-${from + k}`), received, fail, () => dropped++));
  const live = sockets.filter(Boolean);
  process.send({ ready: live.length, failures });
  let cpuBefore = process.cpuUsage();
  process.on('message', (message) => {
    if (message === 'measure') cpuBefore = process.cpuUsage();
    else if (message === 'progress') process.send({ delivered });
    else if (message === 'report') {
      const cpu = process.cpuUsage(cpuBefore);
      const report = { latencies, sinceStored, delivered, dropped, cpu: (cpu.user + cpu.system) / 1e6, rss: process.memoryUsage().rss };
      live.forEach((s) => s.close());
      // Exit only once the (large) report has left: exiting at once can cut it off.
      process.send({ report }, () => process.exit(0));
    }
  });
}

/** Asks every worker one question and collects the answers. */
function ask(children, question, field) {
  return Promise.all(children.map((child) => new Promise((resolve) => {
    const listener = (message) => {
      if (message[field] !== undefined) {
        child.off('message', listener);
        resolve(message[field]);
      }
    };
    child.on('message', listener);
    child.send(question);
  })));
}

async function main() {
  // Waiting only for a child's IPC answer does not keep Node's event loop alive.
  setInterval(() => {}, 1000);
  const run = randomUUID().slice(0, 6);
  const conversation = (await post('/v1/conversations', { name: `fanout-${run}` })).id;
  let started = Date.now();
  const memberIds = await pool(members, 32, async (i) => {
    const name = `fan-${run}-${i}`;
    await post('/v1/users', { name });
    return (await post(`/v1/conversations/${conversation}/members`, { state: 'joined', user: { name }, channel: { type: 'app' } })).id;
  });
  console.log(`setup: ${members} users joined in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  started = Date.now();
  const children = [];
  const readies = [];
  for (let w = 0; w < workers; w++) {
    const from = Math.floor((members * w) / workers);
    const to = Math.floor((members * (w + 1)) / workers);
    const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), '--role', 'worker', '--run', run, '--from', String(from), '--to', String(to)]);
    children.push(child);
    readies.push(new Promise((resolve) => child.once('message', resolve)));
  }
  const ready = await Promise.all(readies);
  const sessions = ready.reduce((sum, r) => sum + r.ready, 0);
  console.log(`sessions: ${sessions} of ${members} logged in in ${((Date.now() - started) / 1000).toFixed(1)} s (${workers} receiving processes)`);
  for (const r of ready) for (const [reason, count] of Object.entries(r.failures)) console.log(`  login failed: ${count} x ${reason}`);

  async function send(phase, count) {
    const interval = 1000 / rate;
    const start = now();
    const posts = [];
    for (let n = 0; n < count; n++) {
      const wait = start + n * interval - now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const sentAt = now();
      await post(`/v1/conversations/${conversation}/events`, {
        type: 'message',
        from: memberIds[0],
        body: { message_type: 'text', text: `${phase}:${sentAt}` },
      });
      posts.push(now() - sentAt);
    }
    return posts;
  }

  await send('warm', rate * warmup);
  children.forEach((child) => child.send('measure'));
  const serverCpuBefore = cpuSeconds(serverPid);
  const sendStart = now();
  const posts = (await send('live', rate * seconds)).sort((a, b) => a - b);
  const sendSeconds = (now() - sendStart) / 1000;
  const serverCpu = cpuSeconds(serverPid) - serverCpuBefore;
  const expected = rate * seconds * sessions;
  const waitUntil = Date.now() + 30_000;
  while (Date.now() < waitUntil) {
    const counts = await ask(children, 'progress', 'delivered');
    if (counts.reduce((a, b) => a + b, 0) >= expected) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const elapsed = (now() - sendStart) / 1000;
  const reports = await ask(children, 'report', 'report');
  const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const sinceStored = reports.flatMap((r) => r.sinceStored).sort((a, b) => a - b);
  const delivered = reports.reduce((sum, r) => sum + r.delivered, 0);
  const dropped = reports.reduce((sum, r) => sum + r.dropped, 0);
  const clientCpu = reports.reduce((sum, r) => sum + r.cpu, 0);
  const clientRss = reports.reduce((sum, r) => sum + r.rss, 0);

  console.log(`sent ${rate * seconds} events at ${rate}/s to ${sessions} sessions; delivered ${delivered} of ${expected} (${Math.round(delivered / elapsed)} deliveries/s); ${dropped} sessions dropped`);
  console.log(`delivery latency ms: p50 ${ms(pct(latencies, 50))}  p90 ${ms(pct(latencies, 90))}  p99 ${ms(pct(latencies, 99))}  p99.9 ${ms(pct(latencies, 99.9))}  max ${ms(latencies.at(-1) ?? 0)}`);
  console.log(`from the stored event's timestamp ms: p50 ${ms(pct(sinceStored, 50))}  p99 ${ms(pct(sinceStored, 99))}`);
  console.log(`POST (durable append) ms: p50 ${ms(pct(posts, 50))}  p99 ${ms(pct(posts, 99))}`);
  console.log(`CPU during the measured ${sendSeconds.toFixed(0)} s (2 cores = ${(2 * sendSeconds).toFixed(0)} core-s): server ${serverCpu.toFixed(1)} s, load client ${clientCpu.toFixed(1)} s`);
  console.log(`load client memory: ${Math.round(clientRss / 1e6)} MB RSS`);
  process.exit(delivered === expected && sessions === members ? 0 : 1);
}

if (args.role === 'worker') await worker();
else await main();
