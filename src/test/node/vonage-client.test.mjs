// The current Vonage Client SDK (@vonage/client-sdk 2.3.1), unchanged, against a running Parley:
// login, conversations, chat, seen receipts, history paging, delete, a network drop with messages
// sent while away (recovered only through pending_events), logout.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { VonageClient } from '@vonage/client-sdk';
import { BASE, Inbox, createUser, proxy, token, unique } from './support.mjs';

const clients = [];
const network = await proxy();
after(async () => {
  for (const client of clients) {
    try { await client.deleteSession(); } catch { /* logged out already */ }
  }
  network.close();
});

/** A client whose REST calls go to Parley directly and whose socket goes through the proxy. */
function newClient() {
  const client = new VonageClient();
  client.setConfig({ apiUrl: BASE, websocketUrl: network.url });
  clients.push(client);
  return client;
}

async function login(user) {
  const client = newClient();
  const inbox = new Inbox(`client-sdk ${user.name}`);
  client.on('conversationEvent', (event) => inbox.push(event));
  const sessionId = await client.createSession(token(user.name));
  return { client, inbox, user, sessionId };
}

test('a bad token is refused at login', async () => {
  await assert.rejects(() => newClient().createSession('not-a-token'));
});

test('chat end to end: invite, join, message, seen, history, delete, drop and resume, logout', async () => {
  const alice = await login(await createUser('sdk-alice'));
  const bob = await login(await createUser('sdk-bob'));
  assert.match(alice.sessionId, /^SES-/);

  const cid = await alice.client.createConversation({ name: unique('sdk-chat'), displayName: 'SDK chat' });
  assert.match(cid, /^CON-/);
  await alice.client.joinConversation(cid);
  await alice.client.inviteToConversation(cid, bob.user.name);
  const invited = await bob.inbox.waitFor((e) => e.kind === 'member:invited' && e.conversationId === cid, 'member:invited');
  assert.equal(invited.body.user.name, bob.user.name);
  await bob.client.joinConversation(cid);
  await alice.inbox.waitFor((e) => e.kind === 'member:joined' && e.body.user.name === bob.user.name, 'bob joined');

  const timestamp = await alice.client.sendMessageTextEvent(cid, 'hello bob');
  assert.match(timestamp, /Z$/);
  const received = await bob.inbox.waitFor((e) => e.kind === 'message:text' && e.body.text === 'hello bob', 'message');
  assert.equal(typeof received.id, 'number');
  const echoed = await alice.inbox.waitFor((e) => e.kind === 'message:text' && e.body.text === 'hello bob', 'own message');
  assert.equal(echoed.id, received.id);

  // bob's SDK confirms delivery by itself.
  await alice.inbox.waitFor((e) => e.kind === 'message:delivered' && e.body.eventId === received.id, 'message:delivered');
  await bob.client.sendMessageSeenEvent(received.id, cid);
  const seen = await alice.inbox.waitFor((e) => e.kind === 'message:seen' && e.body.eventId === received.id, 'message:seen');
  assert.equal(seen.conversationId, cid);

  for (let i = 0; i < 4; i++) {
    await alice.client.sendMessageTextEvent(cid, `history ${i}`);
  }
  const first = await alice.client.getConversationEvents(cid, { order: 'asc', pageSize: 2 });
  assert.equal(first.events.length, 2);
  assert.ok(first.nextCursor, 'a next page');
  const second = await alice.client.getConversationEvents(cid, { order: 'asc', pageSize: 2, cursor: first.nextCursor });
  assert.ok(second.previousCursor, 'a previous page');
  const back = await alice.client.getConversationEvents(cid, { order: 'asc', pageSize: 2, cursor: second.previousCursor });
  assert.deepEqual(back.events.map((e) => e.id), first.events.map((e) => e.id));
  const newest = await alice.client.getConversationEvents(cid, { order: 'desc', pageSize: 100 });
  const kinds = newest.events.map((e) => e.kind);
  assert.ok(kinds.includes('message:text') && kinds.includes('member:joined'), kinds.join());

  const doomedAt = await alice.client.sendMessageTextEvent(cid, 'delete me');
  assert.ok(doomedAt);
  const doomed = await bob.inbox.waitFor((e) => e.kind === 'message:text' && e.body.text === 'delete me', 'doomed');
  await alice.client.deleteEvent(doomed.id, cid);
  await bob.inbox.waitFor((e) => e.kind === 'event:delete' && e.body.eventId === doomed.id, 'event:delete');

  // A network drop: the SDK neither dedups nor fills gaps, so pending_events must be exact.
  let reconnections = 0;
  const reconnected = new Promise((resolve) => bob.client.on('reconnection', () => { reconnections += 1; resolve(); }));
  network.drop();
  const away = [];
  for (let i = 0; i < 3; i++) {
    await alice.client.sendMessageTextEvent(cid, `while away ${i}`);
    away.push(`while away ${i}`);
  }
  await reconnected;
  for (const text of away) {
    await bob.inbox.waitFor((e) => e.kind === 'message:text' && e.body.text === text, text, 30000);
  }
  await alice.client.sendMessageTextEvent(cid, 'after the drop');
  await bob.inbox.waitFor((e) => e.kind === 'message:text' && e.body.text === 'after the drop', 'after the drop');
  assert.equal(reconnections, 1);
  const ids = bob.inbox.all((e) => e.kind === 'message:text').map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, `no message reached bob twice: ${ids}`);

  await bob.client.deleteSession();
  await alice.client.deleteSession();
});
