// Crash safety check: appends events under load, kills the server with SIGKILL at a random moment,
// restarts it on the same data, and verifies that every event answered 2xx is stored with its text and
// that every conversation's ids are gapless (1..sequence_number). Repeats for ROUNDS rounds on one data
// directory, so later rounds also check everything acknowledged before.
// Usage: node bench/crash-safety.mjs ROUNDS [CONNECTIONS] [CONVERSATIONS]   (run by bin/crash-check)
// Environment: PARLEY_BIN (bin/parley), PARLEY_PORT (default 18099), PARLEY_DATA (a fresh directory).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const rounds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 32);
const conversationCount = Number(process.argv[4] ?? 10);
const bin = process.env.PARLEY_BIN;
const port = Number(process.env.PARLEY_PORT ?? 18099);
const data = process.env.PARLEY_DATA ?? mkdtempSync(join(tmpdir(), 'parley-crash-'));
const base = `http://127.0.0.1:${port}`;

let server;
let serverOutput = '';

function start() {
  serverOutput = '';
  server = spawn(bin, ['serve', '--port', String(port), '--data-dir', data,
    '--rate-limit-application', '0', '--rate-limit-user', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => { serverOutput += d; });
  server.stderr.on('data', () => {});
  return waitForHealth();
}

async function waitForHealth() {
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    try {
      if ((await fetch(`${base}/health`)).ok) return Date.now() - started;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not answer /health within 60 s:\n${serverOutput}`);
}

function killHard() {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  process.kill(server.pid, 'SIGKILL');
  return exited;
}

let token;
async function api(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function must(method, path, body) {
  const r = await api(method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

// Acknowledged events: conversation id -> Map(event id -> text).
const acknowledged = new Map();
const targets = [];

async function setUp() {
  await start();
  const app = /Created the default application (\S+)/.exec(serverOutput)?.[1];
  if (!app) throw new Error(`no default application printed:\n${serverOutput}`);
  token = execFileSync(bin, ['jwt', '--application-id', app, '--private-key', join(data, 'default-app.key')])
    .toString().trim();
  for (let i = 0; i < conversationCount; i++) {
    const name = `crash-${i}-${Date.now()}`;
    const conversation = await must('POST', '/v1/conversations', { name });
    await must('POST', '/v1/users', { name });
    const member = await must('POST', `/v1/conversations/${conversation.id}/members`,
      { state: 'joined', user: { name }, channel: { type: 'app' } });
    targets.push({ conversation: conversation.id, member: member.id });
    acknowledged.set(conversation.id, new Map());
  }
}

// Sends until the server dies; records every 201.
async function load() {
  let n = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const target = targets[n++ % targets.length];
      const text = `crash ${n} ${Math.random()}`;
      try {
        const r = await api('POST', `/v1/conversations/${target.conversation}/events`,
          { type: 'message', from: target.member, body: { message_type: 'text', text } });
        if (r.status === 201) {
          acknowledged.get(target.conversation).set(r.json.id, text);
        } else {
          throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.json)}`);
        }
      } catch (e) {
        if (e.message.startsWith('unexpected')) throw e;
        stop = true; // connection refused or reset: the server is gone
      }
    }
  };
  return Promise.all(Array.from({ length: connections }, worker));
}

async function allEvents(conversation) {
  const events = [];
  let path = `/v1/conversations/${conversation}/events?order=asc&page_size=100`;
  while (path) {
    const page = await must('GET', path);
    events.push(...page._embedded);
    const next = page._links?.next?.href;
    path = next ? next.replace(/^https?:\/\/[^/]+/, '') : null;
  }
  return events;
}

async function verify() {
  let checked = 0;
  for (const { conversation } of targets) {
    const info = await must('GET', `/v1/conversations/${conversation}`);
    const events = await allEvents(conversation);
    const ids = events.map((e) => Number(e.id));
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] !== i + 1) throw new Error(`${conversation}: ids not gapless at ${i + 1} (found ${ids[i]})`);
    }
    if (ids.length !== info.sequence_number) {
      throw new Error(`${conversation}: ${ids.length} events but sequence_number ${info.sequence_number}`);
    }
    const stored = new Map(events.map((e) => [String(e.id), e.body?.text]));
    for (const [id, text] of acknowledged.get(conversation)) {
      if (stored.get(String(id)) !== text) {
        throw new Error(`${conversation}: acknowledged event ${id} (${text}) is ${stored.has(String(id)) ? 'changed' : 'missing'}`);
      }
      checked++;
    }
  }
  return checked;
}

try {
  await setUp();
  for (let round = 1; round <= rounds; round++) {
    const killAfter = 300 + Math.floor(Math.random() * 2700);
    const sending = load();
    await new Promise((r) => setTimeout(r, killAfter));
    await killHard();
    await sending;
    const readyMs = await start();
    const checked = await verify();
    console.log(`round ${round}: killed after ${killAfter} ms, restarted in ${readyMs} ms; `
      + `${checked} acknowledged events present, ids gapless in ${targets.length} conversations`);
  }
  console.log(`crash safety: ${rounds} rounds passed`);
} catch (e) {
  console.error(`crash safety FAILED: ${e.message}`);
  process.exitCode = 1;
} finally {
  if (server && server.exitCode === null) await killHard();
}
