// A call to a user who has several Client SDK sessions (@vonage/client-sdk, one headless Chromium page
// each): every page logs in, then this script places options.call through the Voice API; each page
// acts on the invite as told (answer, reject, or wait), and this script ends the call as told
// ("api": hang it up once a page has it, or once every page has the invite; "none": leave it to ring).
// Reports on stdout, as JSON, what each page's SDK said: invites, cancels with their reasons, hangups.
//   node sdk-ring.mjs '<json: {base, jwt, adminJwt, tone, call, actions: ["answer"|"reject"|"wait"...], end}>'
import { readFileSync } from 'node:fs';
import { launch, servePage } from './browser.mjs';

const options = JSON.parse(process.argv[2]);
const pages = await servePage('An app ringing',
  readFileSync(new URL('./node_modules/@vonage/client-sdk/dist/vonageClientSDK.min.js', import.meta.url)));

const voiceApi = async (method, path, body) => {
  const response = await fetch(options.base + path, {
    method,
    headers: { Authorization: `Bearer ${options.adminJwt}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
};

const browser = await launch(options.tone);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
try {
  const tabs = [];
  for (const action of options.actions) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (message) => console.error(`[page ${tabs.length}] ${message.text()}`));
    await page.goto(pages.url);
    await page.evaluate(async ({ o, action }) => {
      const seen = { invites: [], cancels: [], hangups: [], answered: false, rejected: false, errors: [] };
      window.__seen = seen;
      const client = new vonageClientSDK.VonageClient();
      client.setConfig({ apiUrl: o.base, websocketUrl: o.base });
      client.on('callInvite', async (id, from, channelType) => {
        seen.invites.push({ id, from, channelType });
        try {
          if (action === 'answer') { await client.answer(id); seen.answered = true; }
          if (action === 'reject') { await client.reject(id); seen.rejected = true; }
        } catch (e) { seen.errors.push(String(e && e.message || e)); }
      });
      client.on('callInviteCancel', (id, reason) => seen.cancels.push({ id, reason }));
      client.on('callHangup', (id, quality, reason) => seen.hangups.push({ id, reason }));
      await client.createSession(o.jwt);
    }, { o: options, action });
    tabs.push({ page, action });
  }
  const placed = await voiceApi('POST', '/v1/calls', options.call);
  const seen = async () => Promise.all(tabs.map((t) => t.page.evaluate(() => window.__seen)));
  const until = async (done, ms) => {
    const by = Date.now() + ms;
    let now = await seen();
    while (!done(now) && Date.now() < by) { await sleep(100); now = await seen(); }
    return now;
  };
  // Every page has the invite (or the call ended before).
  await until((all) => all.every((s) => s.invites.length > 0 || s.cancels.length > 0), 15000);
  if (options.end === 'api') {
    if (tabs.some((t) => t.action === 'answer')) {
      await until((all) => all.some((s) => s.answered), 10000);
      await sleep(1000);
    }
    await voiceApi('PUT', `/v1/calls/${placed.body.uuid}`, { action: 'hangup' });
  }
  // Each page that did not answer hears the invite cancelled; one that answered, the hangup.
  const finished = (s, action) => {
    if (action === 'answer') return s.hangups.length > 0;
    if (action === 'reject') return s.rejected;
    return s.cancels.length > 0;
  };
  const last = await until((all) => all.every((s, i) => finished(s, tabs[i].action)), 20000);
  console.log(JSON.stringify({ placed, pages: last }));
} finally {
  await browser.close();
  pages.close();
}
