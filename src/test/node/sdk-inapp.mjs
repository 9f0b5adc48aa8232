// A legacy in-app call between two users, each in its own headless Chromium (nexmo-client 9.x; one
// browser per user, because the fake microphone's tone file is a browser-wide flag): the caller's page
// places `application.inAppCall([callee])`, the callee's page answers the `member:call` it is rung with
// once the caller's call is up.
// Each page then listens to its call's audio with a WebAudio analyser, and the caller hangs up.
// Reports on stdout, as JSON, for each page: the strongest frequency it heard, the call's statuses,
// getStats() of its connection, and how long each step took.
//   node sdk-inapp.mjs '<json: {base, caller: {jwt, tone}, callee: {jwt, tone, name}, listenSeconds}>'
import { readFileSync } from 'node:fs';
import { launch, pageHelpers, servePage } from './browser.mjs';

const options = JSON.parse(process.argv[2]);
const pages = await servePage('An in-app call',
  readFileSync(new URL('./node_modules/nexmo-client/dist/nexmoClient.js', import.meta.url)));

// A page of the SDK, with the helpers of browser.mjs.
const openPage = async (browser, name) => {
  const page = await browser.newPage();
  page.on('console', (message) => console.error(`[${name}] ${message.text()}`));
  await page.addInitScript(pageHelpers);
  await page.goto(pages.url);
  return page;
};

// Runs in a page: logs in and keeps what the SDK says about calls in window.__seen.
const login = async (o) => {
  const seen = { statuses: [], errors: [], timings: {} };
  window.__seen = seen;
  const started = performance.now();
  window.__mark = (name) => { seen.timings[name] = Math.round(performance.now() - started); };
  const client = new NexmoClient({ url: o.base, nexmo_api_url: o.base, debug: false });
  const application = await client.createSession(o.jwt);
  window.__application = application;
  application.on('call:status:changed', (call) => seen.statuses.push(call.status));
  window.__mark('session');
};

// Runs in a page once its call is up: the loudest frequency on the call's latest connection over
// `seconds`, and that connection's stats.
const listen = async (seconds) => {
  const pc = window.__connections[window.__connections.length - 1];
  const loudest = await window.__ear(pc.getReceivers()[0].track);
  const heardBy = performance.now() + 20000;
  while (loudest().db < -80 && performance.now() < heardBy) await new Promise((r) => setTimeout(r, 100));
  window.__mark('heard');
  let peakHz = 0;
  let peakDb = -Infinity;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = loudest();
    if (now.db > peakDb) { peakDb = now.db; peakHz = now.hz; }
  }
  const stats = { connections: window.__connections.length };
  (await pc.getStats()).forEach((report) => {
    if (report.type === 'transport') Object.assign(stats, { dtlsState: report.dtlsState, srtpCipher: report.srtpCipher });
    if (report.type === 'codec' && report.mimeType.startsWith('audio/')) stats.codec = report.mimeType;
  });
  return { peakHz, peakDb, ...stats };
};

const waitFor = async (page, predicate, arg, ms) => {
  try {
    await page.waitForFunction(predicate, arg, { timeout: ms, polling: 100 });
    return true;
  } catch {
    return false;
  }
};

const callerBrowser = await launch(options.caller.tone);
const calleeBrowser = await launch(options.callee.tone);
try {
  const caller = await openPage(callerBrowser, 'caller');
  const callee = await openPage(calleeBrowser, 'callee');
  await caller.evaluate(login, { base: options.base, jwt: options.caller.jwt });
  await callee.evaluate(login, { base: options.base, jwt: options.callee.jwt });
  // The callee is rung; it answers (as a person would, once the caller's own audio is up: the legacy
  // SDK counts its outbound call answered only on the callee's member:media after its own).
  await callee.evaluate(() => {
    window.__application.on('member:call', (member, call) => {
      window.__call = call;
      window.__mark('rung');
    });
  });
  await caller.evaluate(async (name) => {
    try {
      window.__call = await window.__application.inAppCall([name]);
      window.__mark('placed');
    } catch (error) {
      window.__seen.errors.push(`inAppCall: ${error && (error.type || error.message) || error}`);
    }
  }, options.callee.name);
  await waitFor(caller, () => window.__call && window.__call.id, undefined, 15000);
  await waitFor(callee, () => window.__call !== undefined, undefined, 15000);
  await callee.evaluate(async () => {
    try {
      await window.__call.answer();
      window.__mark('answered');
    } catch (error) {
      window.__seen.errors.push(`answer: ${error && (error.type || error.message) || error}`);
    }
  });
  const answered = await waitFor(callee, () => window.__seen.timings.answered !== undefined
      || window.__seen.errors.length > 0, undefined, 20000);
  const result = { answered };
  if (answered) {
    const [callerHeard, calleeHeard] = await Promise.all([
      caller.evaluate(listen, options.listenSeconds),
      callee.evaluate(listen, options.listenSeconds),
    ]);
    result.callerHeard = callerHeard;
    result.calleeHeard = calleeHeard;
    result.conversation = await caller.evaluate(() => window.__call && window.__call.conversation
      ? window.__call.conversation.id : null);
    await caller.evaluate(async () => {
      try {
        await window.__call.hangUp();
        window.__mark('hungUp');
      } catch (error) {
        window.__seen.errors.push(`hangUp: ${error && (error.type || error.message) || error}`);
      }
    });
    // The callee's SDK hears that the call ended.
    await waitFor(callee, () => window.__seen.statuses.includes('completed'), undefined, 15000);
  }
  result.caller = await caller.evaluate(() => window.__seen);
  result.callee = await callee.evaluate(() => window.__seen);
  console.log(JSON.stringify(result));
} finally {
  await callerBrowser.close();
  await calleeBrowser.close();
  pages.close();
}
