// The /demo chat page in headless Debian Chromium (playwright-core): two browser pages log in with
// user tokens, join one conversation and chat. Saves a screenshot to target/demo-chat.png
// (PARLEY_UPDATE_SCREENSHOT=1: to docs/img/demo-chat.png, the one the docs show).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { BASE, admin, createUser, token, unique } from './support.mjs';

const SCREENSHOT_DIR = fileURLToPath(new URL(process.env.PARLEY_UPDATE_SCREENSHOT === '1' ? '../../../docs/img/' : '../../../target/', import.meta.url));
const SCREENSHOT = `${SCREENSHOT_DIR}/demo-chat.png`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required',
    '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns'],
});
after(() => browser.close());

async function open(user, conversationId) {
  const page = await browser.newPage({ viewport: { width: 720, height: 760 } });
  page.on('pageerror', (error) => console.log(`[${user.name}] page error: ${error.message}`));
  await page.goto(`${BASE}/demo`);
  await page.fill('#token', token(user.name));
  await page.click('#login');
  await page.waitForSelector(`#status:has-text("Logged in as ${user.name}")`);
  await page.fill('#conversation', conversationId);
  await page.click('#join');
  await page.waitForSelector('#text:not([disabled])');
  return page;
}

test('two browser pages chat through the demo page', async () => {
  const alice = await createUser('demo-alice');
  const bob = await createUser('demo-bob');
  const conversation = await admin('POST', '/v1/conversations', { name: unique('demo'), display_name: 'Demo chat' });

  const alicePage = await open(alice, conversation.id);
  const bobPage = await open(bob, conversation.id);

  await alicePage.fill('#text', 'Hi Bob, this is Parley.');
  await alicePage.press('#text', 'Enter');
  await bobPage.waitForSelector('#messages li:has-text("Hi Bob, this is Parley.")');

  await bobPage.fill('#text', 'Hello Alice! Same wire format, our own server.');
  await bobPage.click('#send');
  await alicePage.waitForSelector('#messages li:has-text("Hello Alice!")');

  const onAlice = await alicePage.$$eval('#messages li', (items) => items.map((li) => li.textContent));
  assert.deepEqual(onAlice, [
    `${alice.name}Hi Bob, this is Parley.`,
    `${bob.name}Hello Alice! Same wire format, our own server.`,
  ]);
  const stored = await admin('GET', `/v1/conversations/${conversation.id}/events?event_type=message`);
  assert.equal(stored._embedded.length, 2);

  // A call into the conversation from the page, and the hangup.
  await alicePage.click('#call');
  await alicePage.waitForSelector('#call-status:has-text("In the call.")', { timeout: 20000 });
  // serverCall resolves as the call starts; Parley then moves it into the conversation.
  let calls;
  for (let i = 0; i < 100; i++) {
    calls = await admin('GET', `/v1/calls?conversation_uuid=${conversation.id}&status=answered`);
    if (calls._embedded.calls.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(calls._embedded.calls.length, 1);
  const leg = calls._embedded.calls[0].uuid;
  await alicePage.click('#hangup');
  await alicePage.waitForSelector('#call-status:has-text("Call ended")', { timeout: 20000 })
    .catch(async (error) => {
      const events = await admin('GET', `/v1/conversations/${conversation.id}/events?page_size=100`);
      const seen = events._embedded.map((e) => `${e.id} ${e.type} ${e.from || ''} ${JSON.stringify(e.body).slice(0, 200)}`);
      throw new Error(`${error.message}; the page says: ${await alicePage.textContent('#call-status')}\n${seen.join('\n')}`);
    });
  const ended = await admin('GET', `/v1/calls/${leg}`);
  assert.equal(ended.status, 'completed');

  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await alicePage.screenshot({ path: SCREENSHOT, fullPage: true });
});
