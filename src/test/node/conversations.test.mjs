// The official Vonage Node SDK (@vonage/conversations, @vonage/users), unchanged, against a running
// Parley. Started by dev.parley.sdk.NodeSdkTest with PARLEY_URL, PARLEY_APP_ID and PARLEY_KEY_FILE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Auth } from '@vonage/auth';
import { Conversations } from '@vonage/conversations';
import { Users } from '@vonage/users';

const auth = new Auth({
  applicationId: process.env.PARLEY_APP_ID,
  privateKey: readFileSync(process.env.PARLEY_KEY_FILE),
});
const options = { apiHost: process.env.PARLEY_URL };
const conversations = new Conversations(auth, options);
const users = new Users(auth, options);
const unique = (prefix) => `${prefix}-${randomUUID().slice(0, 8)}`;

test('users, conversations, members and events round trip', async () => {
  const name = unique('node-user');
  const user = await users.createUser({ name, displayName: 'Node User' });
  assert.match(user.id, /^USR-/);
  assert.equal((await users.getUser(user.id)).name, name);
  const renamed = await users.updateUser({ id: user.id, displayName: 'Renamed' });
  assert.equal(renamed.displayName, 'Renamed');

  const conversation = await conversations.createConversation({
    name: unique('node-conv'),
    displayName: 'Node Conversation',
    properties: { ttl: 60, customData: { tier: 'gold' } },
  });
  assert.match(conversation.id, /^CON-/);
  assert.equal(conversation.properties.customData.tier, 'gold');
  const fetched = await conversations.getConversation(conversation.id);
  assert.equal(fetched.displayName, 'Node Conversation');
  const updated = await conversations.updateConversation({ id: conversation.id, displayName: 'Updated' });
  assert.equal(updated.displayName, 'Updated');

  const member = await conversations.createMember(conversation.id, {
    state: 'invited',
    user: { id: user.id },
    channel: { type: 'app' },
  });
  assert.equal(member.state, 'INVITED');
  const joined = await conversations.updateMember(conversation.id, member.id, { state: 'joined' });
  assert.equal(joined.state, 'JOINED');
  assert.equal((await conversations.getMember(conversation.id, member.id)).id, member.id);

  const message = await conversations.createEvent(conversation.id, {
    type: 'message',
    from: member.id,
    body: { messageType: 'text', text: 'Hello from Node' },
  });
  assert.equal(typeof message.id, 'number');
  assert.equal(message.body.text, 'Hello from Node');
  assert.equal(message.fromMember.id, member.id);
  const custom = await conversations.createEvent(conversation.id, {
    type: 'custom:node_thing',
    from: member.id,
    body: { k: 'v' },
  });
  assert.equal(custom.body.k, 'v');
  assert.equal((await conversations.getEvent(conversation.id, message.id)).type, 'message');

  const page = await conversations.getEventPage(conversation.id, { pageSize: 2, order: 'desc' });
  assert.equal(page.events.length, 2);
  assert.equal(page.events[0].id, custom.id);

  const all = [];
  for await (const event of conversations.listAllEvents(conversation.id, { pageSize: 2 })) {
    all.push(event.id);
  }
  assert.deepEqual(all, [...Array(all.length).keys()].map((i) => i + 1));
  assert.ok(all.includes(message.id));

  await conversations.deleteEvent(conversation.id, message.id);
  const kept = await conversations.getEventPage(conversation.id, { excludeDeletedEvents: true, pageSize: 100 });
  assert.ok(!kept.events.some((e) => e.id === message.id));

  await conversations.deleteConversation(conversation.id);
  await assert.rejects(() => conversations.getConversation(conversation.id), (error) => error.response.status === 404);
  await users.deleteUser(user.id);
});

test('listAllConversations follows cursors across pages', async () => {
  const created = [];
  for (let i = 0; i < 12; i++) {
    created.push((await conversations.createConversation({ name: unique('node-page') })).id);
  }
  const seen = [];
  for await (const conversation of conversations.listAllConversations({ pageSize: 5 })) {
    seen.push(conversation.id);
  }
  assert.equal(new Set(seen).size, seen.length);
  for (const id of created) {
    assert.ok(seen.includes(id), `missing ${id}`);
  }
});

test('listAllUsers follows cursors and errors carry the Vonage body', async () => {
  const names = [];
  for (let i = 0; i < 3; i++) {
    names.push((await users.createUser({ name: unique('node-list') })).name);
  }
  const seen = [];
  for await (const user of users.listAllUsers({ pageSize: 2 })) {
    seen.push(user.name);
  }
  for (const name of names) {
    assert.ok(seen.includes(name));
  }
  await assert.rejects(
    () => users.createUser({ name: names[0] }),
    (error) => error.response.status === 409,
  );
});
