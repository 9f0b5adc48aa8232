// The legacy Vonage Client SDK (nexmo-client 9.5.1), unchanged, against a running Parley: login,
// conversations, chat, typing, receipts, history, delete, a network drop with messages sent while
// away, logout. Needs only an XMLHttpRequest polyfill under Node.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BASE, Inbox, createUser, proxy, token, unique } from './support.mjs';

const require = createRequire(import.meta.url);
global.XMLHttpRequest = require('xhr2');
const NexmoClient = require('nexmo-client');

const CONVERSATION_TYPES = ['text', 'text:seen', 'text:delivered', 'text:typing:on', 'text:typing:off', 'event:delete', 'member:joined', 'member:left', 'member:invited', 'message', 'custom:ping'];
const clients = [];
const network = await proxy();
after(() => {
  // Logged-in clients log out in their tests; here every socket is closed so the process can exit.
  for (const client of clients) {
    try { client.disconnect(); } catch { /* never connected */ }
  }
  network.close();
});

/** A logged-in legacy client for a user; its socket goes through the proxy (so it can drop). */
async function login(user) {
  const client = new NexmoClient({ url: network.url, nexmo_api_url: BASE, debug: false });
  clients.push(client);
  const app = await client.createSession(token(user.name));
  const inbox = new Inbox(`legacy ${user.name}`);
  app.on('member:invited', (member, event) => inbox.push(event));
  // Every event as it arrived on the wire (live pushes and pending_events), to check for duplicates.
  const wire = [];
  client.connection.io.on('packet', (packet) => {
    if (packet.type !== 2 || !Array.isArray(packet.data)) return;
    const [name, payload] = packet.data;
    if (name === 'session:success') {
      for (const pending of payload?.body?.pending_events ?? []) wire.push(pending);
    } else {
      wire.push({ ...payload, type: name });
    }
  });
  return { client, app, inbox, user, wire };
}

/** Records every event of a conversation into the inbox. */
function listen(conversation, inbox) {
  for (const type of CONVERSATION_TYPES) {
    conversation.on(type, (member, event) => inbox.push(event));
  }
}

test('a bad token is refused at login', async () => {
  const client = new NexmoClient({ url: network.url, nexmo_api_url: BASE, debug: false });
  clients.push(client);
  await assert.rejects(() => client.createSession('not-a-token'));
  const expired = token('nobody', { ttl: 60, claims: { iat: Math.floor(Date.now() / 1000) - 600 } });
  const other = new NexmoClient({ url: network.url, nexmo_api_url: BASE, debug: false });
  clients.push(other);
  await assert.rejects(() => other.createSession(expired));
});

test('chat end to end: invite, join, text, typing, seen, history, delete, drop and resume, logout', async () => {
  const alice = await login(await createUser('legacy-alice'));
  const bob = await login(await createUser('legacy-bob'));
  assert.equal(alice.app.me.name, alice.user.name);
  assert.match(alice.app.session.session_id, /^SES-/);

  // alice creates a conversation, joins, and invites bob; bob hears his own invitation.
  const conversation = await alice.app.newConversation({ name: unique('legacy-chat') });
  listen(conversation, alice.inbox);
  await conversation.join();
  await conversation.invite({ user_name: bob.user.name });
  const invited = await bob.inbox.waitFor((e) => e.type === 'member:invited' && e.cid === conversation.id, 'member:invited');
  assert.equal(invited.body.user.name, bob.user.name);

  const bobConversation = await bob.app.getConversation(conversation.id);
  listen(bobConversation, bob.inbox);
  await bobConversation.join();
  await alice.inbox.waitFor((e) => e.type === 'member:joined' && e.body.user.name === bob.user.name, 'bob joined');

  // text: bob receives it with the id the server stored.
  const sent = await conversation.sendText('hello bob');
  assert.equal(typeof sent.id, 'number');
  const received = await bob.inbox.waitFor((e) => e.type === 'text' && e.body.text === 'hello bob', 'text');
  assert.equal(Number(received.id), Number(sent.id));

  // typing is delivered but never stored.
  conversation.startTyping();
  await bob.inbox.waitFor((e) => e.type === 'text:typing:on', 'typing on');
  conversation.stopTyping();
  await bob.inbox.waitFor((e) => e.type === 'text:typing:off', 'typing off');

  // bob's SDK confirms delivery by itself; the sender's copy records it.
  const bobMember = bobConversation.me.id;
  await alice.inbox.waitFor((e) => e.type === 'text' && Number(e.id) === Number(sent.id) && e.state?.delivered_to?.[bobMember], 'text:delivered');

  // seen receipts reach the sender and show in the history's state.
  await received.seen();
  // The SDK emits "text:seen" with the text event it marked, now carrying state.seen_by.
  const marked = await alice.inbox.waitFor((e) => e.type === 'text' && Number(e.id) === Number(sent.id) && e.state?.seen_by?.[bobMember], 'text:seen');
  assert.match(marked.state.seen_by[bobMember], /Z$/);

  // history: pages both ways.
  for (let i = 0; i < 4; i++) {
    await conversation.sendText(`history ${i}`);
  }
  const first = await conversation.getEvents({ page_size: 2, order: 'asc' });
  assert.equal(first.items.size, 2);
  assert.ok(first.hasNext());
  const second = await first.getNext();
  assert.ok(second.hasPrev());
  const back = await second.getPrev();
  assert.deepEqual([...back.items.keys()], [...first.items.keys()]);
  const newest = await conversation.getEvents({ page_size: 100, order: 'desc', event_type: 'text' });
  const stored = [...newest.items.values()].find((e) => Number(e.id) === Number(sent.id));
  assert.ok(stored, 'the first text is in the history');
  assert.ok(stored.state && stored.state.seen_by && Object.keys(stored.state.seen_by).length === 1, 'seen_by');
  const allTypes = [...(await conversation.getEvents({ page_size: 100 })).items.values()].map((e) => e.type);
  assert.ok(!allTypes.includes('text:typing:on'), 'typing is not stored');

  // delete: both sides hear event:delete.
  const doomed = await conversation.sendText('delete me');
  await bob.inbox.waitFor((e) => e.type === 'text' && e.body.text === 'delete me', 'doomed text');
  await doomed.del();
  // The SDK emits "event:delete" with the deleted event, its text blanked and a deleted time set.
  const blanked = await bob.inbox.waitFor((e) => Number(e.id) === Number(doomed.id) && e.body?.timestamp?.deleted, 'event:delete');
  assert.equal(blanked.body.text, '');

  // a network drop: bob is away while alice sends, then resumes; nothing lost, nothing twice.
  const reconnected = new Promise((resolve) => bob.client.connection.io.once('reconnect', resolve));
  const dropped = new Promise((resolve) => bob.client.connection.once('disconnect', resolve));
  network.drop();
  await dropped;
  const away = [];
  for (let i = 0; i < 3; i++) {
    away.push(await conversation.sendText(`while away ${i}`));
  }
  await reconnected;
  for (const message of away) {
    await bob.inbox.waitFor((e) => e.type === 'text' && Number(e.id) === Number(message.id), `missed text ${message.id}`);
  }
  const after = await conversation.sendText('after the drop');
  await bob.inbox.waitFor((e) => e.type === 'text' && Number(e.id) === Number(after.id), 'text after the drop');
  const texts = bob.wire.filter((e) => e.type === 'text').map((e) => Number(e.id));
  assert.equal(new Set(texts).size, texts.length, `no text reached bob twice: ${texts}`);
  for (const message of [sent, ...away, after]) {
    assert.ok(texts.includes(Number(message.id)), `text ${message.id} reached bob`);
  }

  // logout.
  await bob.client.deleteSession();
  await alice.client.deleteSession();
});
