// The beta Nexmo CLI's four conversation commands, replayed with the library inside it
// (nexmo@2.5.4-beta-1, installed as nexmo254), whose host is hard-coded to api.nexmo.com: the Java
// test runs this script in a mount namespace whose /etc/hosts maps that name to 127.0.0.1, and passes
// Parley's port. Payloads are what the CLI builds from its name=value arguments (values JSON-parsed
// when they parse). Prints, as JSON, the lines the CLI would print from each answer.
//   node nexmo-cli-replay.mjs '<json: {applicationId, keyFile, port, userName}>'
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Nexmo = require('nexmo254');
const options = JSON.parse(process.argv[2]);
const nexmo = new Nexmo(
  { apiKey: 'unused', apiSecret: 'unused', applicationId: options.applicationId, privateKey: options.keyFile },
  { port: options.port },
);
const call = (fn, ...args) => new Promise((resolve, reject) => {
  fn(...args, (error, result) => (error ? reject(error) : resolve(result)));
});
// What the CLI prints for an error: `${error.body.code}: ${error.body.description}`.
const printed = [];
try {
  const conversations = nexmo.conversations;
  const conversation = await call(conversations.create.bind(conversations), { name: `cli-${options.userName}`, display_name: 'nexmo-chat' });
  printed.push(`Conversation created: ${conversation.id}`);
  const users = nexmo.users;
  const user = await call(users.create.bind(users), { name: options.userName });
  printed.push(`User created: ${user.id}`);
  const members = conversations.members;
  const member = await call(members.add.bind(members), conversation.id, {
    action: 'join', channel: JSON.parse('{"type":"app"}'), user_id: user.id,
  });
  printed.push(`Member added: ${member.id}`);
  const list = await call(members.get.bind(members), conversation.id, {});
  if (list.length > 0) {
    for (const m of list) printed.push([m.name, m.user_id, m.user_name, m.state].join(' | '));
  } else {
    printed.push('No members');
  }
  const missing = await call(members.get.bind(members), 'CON-00000000-0000-0000-0000-000000000000', {})
    .then(() => null, (error) => error);
  printed.push(missing ? `${missing.body.code}: ${missing.body.description}` : 'no error');
  console.log(JSON.stringify({ printed, conversation: conversation.id, user: user.id, member: member.id }));
} catch (error) {
  console.log(JSON.stringify({ printed, error: error.body ? `${error.body.code}: ${error.body.description}` : String(error) }));
}
