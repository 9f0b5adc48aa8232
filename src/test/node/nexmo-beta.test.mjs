// The last of the 2019 betas of the Node server library, nexmo@2.7.0-beta-1 (installed as nexmo270),
// pointed at Parley with its own apiHost and port options (plain HTTP off port 443), over every
// conversation, user, member and event method it has: /beta for writes and single conversations,
// /beta2 for lists and the other single reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BASE, createUser, unique } from './support.mjs';

const require = createRequire(import.meta.url);
const Nexmo = require('nexmo270');

const url = new URL(BASE);
const nexmo = new Nexmo(
  { apiKey: 'unused', apiSecret: 'unused', applicationId: process.env.PARLEY_APP_ID, privateKey: process.env.PARLEY_KEY_FILE },
  { apiHost: url.hostname, port: Number(url.port) },
);

// The library's callbacks as promises: resolves with the answer, rejects with its error object.
const call = (fn, ...args) => new Promise((resolve, reject) => {
  fn(...args, (error, result) => (error ? reject(error) : resolve(result)));
});

test('nexmo 2.7.0-beta-1: conversations, users, members and events round trip', async () => {
  const conversations = nexmo.conversations;
  const name = unique('nexmo-beta');
  const created = await call(conversations.create.bind(conversations), { name, display_name: 'Beta' });
  assert.match(created.id, /^CON-/);
  assert.equal(created.href, `${BASE}/beta/conversations/${created.id}`);

  const one = await call(conversations.get.bind(conversations), created.id);
  assert.equal(one.uuid, created.id);
  assert.equal(one.display_name, 'Beta');

  const updated = await call(conversations.update.bind(conversations), created.id, { name, display_name: 'Beta 2' });
  assert.equal(updated.id, created.id);
  assert.equal((await call(conversations.get.bind(conversations), created.id)).display_name, 'Beta 2');

  // Lists on /beta2, followed page by page with next().
  const seen = [];
  let page = await call(conversations.get.bind(conversations), { page_size: 2 });
  for (;;) {
    for (const c of page._embedded.data.conversations) seen.push(c.id);
    if (!page._links.next) break;
    page = await call(conversations.next.bind(conversations), page);
  }
  assert.ok(seen.includes(created.id), 'the new conversation is listed');

  // Users: created on /beta ({id, href}), listed and read on /beta2, updated and deleted on /beta.
  const users = nexmo.users;
  const userName = unique('beta-user');
  const user = await call(users.create.bind(users), { name: userName, display_name: 'Beta User' });
  assert.match(user.id, /^USR-/);
  assert.equal(user.href, `${BASE}/beta/users/${user.id}`);
  assert.equal((await call(users.get.bind(users), user.id)).name, userName);
  const firstUsers = await call(users.get.bind(users), { page_size: 100, order: 'desc' });
  assert.ok(firstUsers._embedded.data.users.some((u) => u.id === user.id));
  await call(users.update.bind(users), user.id, { display_name: 'Renamed' });
  assert.equal((await call(users.get.bind(users), user.id)).display_name, 'Renamed');

  // Members: added by action and user_id, listed and read on /beta2, updated by action, removed.
  const members = conversations.members;
  const member = await call(members.add.bind(members), created.id, {
    action: 'invite', user_id: user.id, channel: { type: 'app' },
  });
  assert.match(member.id, /^MEM-/);
  assert.equal(member.state, 'INVITED');
  const listed = await call(members.get.bind(members), created.id, {});
  assert.ok(listed._embedded.data.members.some((m) => m.id === member.id));
  assert.equal((await call(members.get.bind(members), created.id, member.id)).state, 'INVITED');
  const joined = await call(members.update.bind(members), created.id, member.id, { action: 'join', channel: { type: 'app' } });
  assert.equal(joined.id, member.id);
  assert.equal((await call(members.get.bind(members), created.id, member.id)).state, 'JOINED');

  // Events: the era's text, listed on /beta2, read one by one, deleted.
  const events = conversations.events;
  const sent = await call(events.create.bind(events), created.id, { type: 'text', from: member.id, body: { text: 'hello 2019' } });
  assert.equal(typeof sent.id, 'number');
  assert.equal(sent.href, `${BASE}/beta/conversations/${created.id}/events/${sent.id}`);
  const history = await call(events.get.bind(events), created.id, { page_size: 100 });
  const text = history._embedded.data.events.find((e) => e.id === sent.id);
  assert.equal(text.body.text, 'hello 2019');
  const read = await call(events.get.bind(events), created.id, String(sent.id));
  assert.equal(read.type, 'text');
  await call(events.delete.bind(events), created.id, sent.id);

  // A user's conversations on /beta2.
  const mine = await call(users.getConversations.bind(users), user.id, {});
  assert.ok(mine._embedded.data.conversations.some((c) => c.id === created.id));

  await call(members.delete.bind(members), created.id, member.id);
  assert.equal((await call(members.get.bind(members), created.id, member.id)).state, 'LEFT');
  await call(users.delete.bind(users), user.id);
  await call(conversations.delete.bind(conversations), created.id);

  // Errors carry code and description, which the era's code printed.
  const missing = await call(conversations.get.bind(conversations), created.id).then(() => null, (e) => e);
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.body.code, 'conversation:error:not-found');
  assert.ok(missing.body.description);
});

test('nexmo 2.7.0-beta-1 signs its own tokens, which Parley accepts', async () => {
  const { name } = await createUser('beta-jwt');
  const jwt = Nexmo.generateJwt(process.env.PARLEY_KEY_FILE, { application_id: process.env.PARLEY_APP_ID, sub: name });
  const response = await fetch(`${BASE}/beta2/users/${name}`, { headers: { Authorization: `Bearer ${jwt}` } });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).name, name);
});
