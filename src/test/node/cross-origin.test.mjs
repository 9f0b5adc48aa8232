// A web app on its own origin: a page served from another port (another origin) loads the Vonage
// Client SDK and chats through Parley, which must answer the SDK's CORS preflights and put CORS
// headers on its responses. Headless Debian Chromium (playwright-core).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { BASE, admin, createUser, token, unique } from './support.mjs';

const page = `<!doctype html><meta charset="utf-8"><title>An app elsewhere</title>
<script src="${BASE}/demo/vonageClientSDK.min.js"></script>`;
const app = createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(page);
});
await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
const APP_ORIGIN = `http://127.0.0.1:${app.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
after(async () => { await browser.close(); app.close(); });

test('a page on another origin chats through Parley with the Client SDK', async () => {
  assert.notEqual(new URL(APP_ORIGIN).origin, new URL(BASE).origin);
  const user = await createUser('elsewhere');
  const conversation = await admin('POST', '/v1/conversations', { name: unique('cors') });
  const tab = await browser.newPage();
  const failures = [];
  tab.on('requestfailed', (request) => failures.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
  tab.on('console', (message) => { if (message.type() === 'error') failures.push(message.text()); });
  await tab.goto(APP_ORIGIN);
  await tab.evaluate(async ({ base, jwt, cid }) => {
    const client = new vonageClientSDK.VonageClient();
    client.setConfig({ apiUrl: base, websocketUrl: base });
    await client.createSession(jwt);
    await client.joinConversation(cid);
    await client.sendMessageTextEvent(cid, 'Hello from another origin');
  }, { base: BASE, jwt: token(user.name), cid: conversation.id });
  const events = await admin('GET', `/v1/conversations/${conversation.id}/events?event_type=message`);
  assert.equal(events._embedded.length, 1, failures.join('\n'));
  assert.equal(events._embedded[0].body.text, 'Hello from another origin');
  assert.deepEqual(failures.filter((f) => /CORS|Access-Control/i.test(f)), []);
});
