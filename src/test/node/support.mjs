// Shared helpers for the SDK tests: admin REST calls, user tokens, an inbox that waits for pushed
// events, and a TCP proxy that can cut every connection (a network drop) on demand.
import { createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';

export const BASE = process.env.PARLEY_URL;
const APP_ID = process.env.PARLEY_APP_ID;
const KEY = readFileSync(process.env.PARLEY_KEY_FILE, 'utf8');

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** An RS256 token for the test application: admin without sub, else a user token. */
export function token(sub, { ttl = 3600, claims = {} } = {}) {
  const iat = Math.floor(Date.now() / 1000);
  const payload = { application_id: APP_ID, iat, exp: iat + ttl, jti: randomUUID(), ...claims };
  if (sub) payload.sub = sub;
  const input = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(KEY).toString('base64url');
  return `${input}.${signature}`;
}

export async function admin(method, path, body) {
  const response = await fetch(BASE + path, {
    method,
    headers: { Authorization: `Bearer ${token()}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export const unique = (prefix) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function createUser(prefix) {
  const name = unique(prefix);
  const user = await admin('POST', '/v1/users', { name, display_name: name.toUpperCase() });
  return { name, id: user.id };
}

/** Collects events and lets a test wait for one that matches, without sleeping. */
export class Inbox {
  constructor(label) {
    this.label = label;
    this.events = [];
    this.waiters = [];
  }

  push(event) {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (w.match(event)) {
        clearTimeout(w.timer);
        w.resolve(event);
        return false;
      }
      return true;
    });
  }

  all(match) {
    return this.events.filter(match);
  }

  waitFor(match, what, timeoutMs = 15000) {
    const found = this.events.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      waiter.timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.label}: timed out waiting for ${what}; got ${this.events.map((e) => e.type ?? e.kind).join(', ')}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

/** A TCP proxy in front of Parley; drop() cuts every connection through it, like a network loss. */
export async function proxy() {
  const target = new URL(BASE);
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    const forget = () => { sockets.delete(client); sockets.delete(upstream); };
    client.on('close', forget);
    upstream.on('close', forget);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    drop() { for (const socket of sockets) socket.destroy(); },
    close() { for (const socket of sockets) socket.destroy(); server.close(); },
  };
}
