// Places a call with a real Vonage Client SDK in headless Debian Chromium (playwright-core), the page
// served from this script's own origin (another origin than Parley's), the microphone a fake device
// playing a tone file. Reports as JSON on stdout what the page saw: the call id, the strongest
// frequency it heard, getStats() (DTLS, SRTP cipher, codec), the SDK's hangup event, and how long
// each step took. Run by the Java in-app voice tests:
//   node sdk-call.mjs '<json: {base, jwt, tone, sdk: "new"|"legacy", to, customData, listenSeconds, hangup}>'
// With mode "answer" the page takes a call instead: once its session is up, this script places
// options.call (POST /v1/calls with options.adminJwt), the page answers the invite, listens, and then
// this script hangs the call up through the Voice API (hangup "api") or the page does (hangup "page").
import { readFileSync } from 'node:fs';
import { launch, pageHelpers, servePage } from './browser.mjs';

const options = JSON.parse(process.argv[2]);
const bundles = {
  new: './node_modules/@vonage/client-sdk/dist/vonageClientSDK.min.js',
  legacy: './node_modules/nexmo-client/dist/nexmoClient.js',
};
const pages = await servePage('An app calling', readFileSync(new URL(bundles[options.sdk], import.meta.url)));

const browser = await launch(options.tone);
try {
  const page = await browser.newPage();
  page.on('console', (message) => console.error(`[page] ${message.text()}`));
  // Every RTCPeerConnection the SDK makes, so the page can listen to it and read its stats.
  await page.addInitScript(pageHelpers);
  // What the page asks of this script: the Voice API calls an application's server makes.
  const voiceApi = async (method, path, body) => {
    const response = await fetch(options.base + path, {
      method,
      headers: { Authorization: `Bearer ${options.adminJwt}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  await page.exposeFunction('placeCall', () => voiceApi('POST', '/v1/calls', options.call));
  await page.exposeFunction('hangupCall', (uuid) => voiceApi('PUT', `/v1/calls/${uuid}`, { action: 'hangup' }));
  await page.goto(pages.url);
  const result = await page.evaluate(async (o) => {
    const started = performance.now();
    const timings = {};
    const mark = (name) => { timings[name] = Math.round(performance.now() - started); };
    const hangups = [];
    let hangupSeen;
    const hungUp = new Promise((resolve) => { hangupSeen = resolve; });
    let callId;
    let client;
    let placed;
    const invites = [];
    if (o.mode === 'answer' && o.sdk === 'legacy') {
      // Legacy's inbound call: member:call, then call.answer() joins and offers media itself.
      client = new NexmoClient({ url: o.base, nexmo_api_url: o.base, debug: false });
      const application = await client.createSession(o.jwt);
      mark('session');
      const statuses = [];
      application.on('call:status:changed', (changed) => {
        statuses.push(changed.status);
        if (['completed', 'failed', 'rejected', 'unanswered'].includes(changed.status)) {
          hangups.push({ status: changed.status, statuses: [...statuses] });
          hangupSeen();
        }
      });
      const invited = new Promise((resolve) => application.on('member:call', (member, call) => {
        invites.push({ from: call.from && call.from.channel ? call.from.channel.from : null });
        resolve(call);
      }));
      placed = await window.placeCall();
      const call = await Promise.race([invited, new Promise((r) => setTimeout(() => r(null), 15000))]);
      mark('invited');
      if (!call) return { placed, invites, timings, error: 'no member:call came' };
      await call.answer();
      const answeredBy = performance.now() + 10000;
      while (call.status !== 'answered' && performance.now() < answeredBy) await new Promise((r) => setTimeout(r, 50));
      callId = call.id;
      window.__legacyCall = call;
      mark('answered');
    } else if (o.mode === 'answer') {
      client = new vonageClientSDK.VonageClient();
      client.setConfig({ apiUrl: o.base, websocketUrl: o.base });
      client.on('callHangup', (id, quality, reason) => { hangups.push({ id, quality, reason }); hangupSeen(); });
      const invited = new Promise((resolve) => client.on('callInvite', (id, from, channelType) => {
        invites.push({ id, from, channelType });
        resolve(id);
      }));
      await client.createSession(o.jwt);
      mark('session');
      placed = await window.placeCall();
      callId = await Promise.race([invited, new Promise((r) => setTimeout(() => r(null), 15000))]);
      mark('invited');
      if (!callId) return { placed, invites, timings, error: 'no callInvite came' };
      await client.answer(callId);
      mark('answered');
    } else if (o.sdk === 'new') {
      client = new vonageClientSDK.VonageClient();
      client.setConfig({ apiUrl: o.base, websocketUrl: o.base });
      client.on('callHangup', (id, quality, reason) => { hangups.push({ id, quality, reason }); hangupSeen(); });
      await client.createSession(o.jwt);
      mark('session');
      callId = await client.serverCall({ to: o.to, ...o.customData });
      mark('serverCall');
    } else {
      client = new NexmoClient({ url: o.base, nexmo_api_url: o.base, debug: false });
      const application = await client.createSession(o.jwt);
      mark('session');
      const statuses = [];
      application.on('call:status:changed', (changed) => {
        statuses.push(changed.status);
        if (['completed', 'failed', 'rejected', 'unanswered'].includes(changed.status)) {
          hangups.push({ status: changed.status, statuses: [...statuses] });
          hangupSeen();
        }
      });
      const call = await application.callServer(o.to, 'app', o.customData);
      // Legacy counts its call answered on the far member's member:media with audio.
      const answeredBy = performance.now() + 10000;
      while (call.status !== 'answered' && performance.now() < answeredBy) await new Promise((r) => setTimeout(r, 50));
      callId = call.id;
      window.__legacyCall = call;
      mark('callServer');
    }
    const pc = window.__connections[window.__connections.length - 1];
    const loudest = await window.__ear(pc.getReceivers()[0].track);
    const heardBy = performance.now() + 20000;
    while (loudest().db < -80 && performance.now() < heardBy) await new Promise((r) => setTimeout(r, 100));
    mark('heard');
    let peakHz = 0;
    let peakDb = -Infinity;
    const until = performance.now() + o.listenSeconds * 1000;
    while (performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = loudest();
      if (now.db > peakDb) { peakDb = now.db; peakHz = now.hz; }
    }
    // In-call controls as the app calls them, in order: mute, unmute, earmuff, unearmuff, dtmf:<keys>.
    const controls = [];
    for (const action of o.controls || []) {
      try {
        if (action === 'mute') await (o.sdk === 'new' ? client.mute(callId) : window.__legacyCall.conversation.me.mute(true));
        if (action === 'unmute') await (o.sdk === 'new' ? client.unmute(callId) : window.__legacyCall.conversation.me.mute(false));
        if (action === 'earmuff') await (o.sdk === 'new' ? client.enableEarmuff(callId) : window.__legacyCall.conversation.me.earmuff(true));
        if (action === 'unearmuff') await (o.sdk === 'new' ? client.disableEarmuff(callId) : window.__legacyCall.conversation.me.earmuff(false));
        if (action.startsWith('dtmf:')) {
          if (o.sdk === 'new') await client.sendDTMF(callId, action.slice(5));
          else for (const digit of action.slice(5)) await window.__legacyCall.conversation.media.sendDTMF(digit);
        }
        controls.push(`${action}: ok`);
      } catch (error) {
        controls.push(`${action}: ${error && error.message || error}`);
      }
    }
    let reconnected;
    if (o.reconnect) {
      // A second client of the same user (a reloaded page) takes the call over with reconnectCall.
      const again = new vonageClientSDK.VonageClient();
      again.setConfig({ apiUrl: o.base, websocketUrl: o.base });
      again.on('callHangup', (id, quality, reason) => { hangups.push({ id, quality, reason }); hangupSeen(); });
      await again.createSession(o.jwt);
      const before = window.__connections.length;
      await again.reconnectCall(callId);
      mark('reconnected');
      const fresh = window.__connections[window.__connections.length - 1];
      const freshLoudest = await window.__ear(fresh.getReceivers()[0].track);
      let freshHz = 0;
      let freshDb = -Infinity;
      const listenUntil = performance.now() + 8000;
      while (performance.now() < listenUntil) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const now = freshLoudest();
        if (now.db > freshDb) { freshDb = now.db; freshHz = now.hz; }
      }
      reconnected = { newConnection: window.__connections.length > before, state: fresh.connectionState, peakHz: freshHz, peakDb: freshDb };
      client = again;
    }
    const stats = {};
    (await pc.getStats()).forEach((report) => {
      if (report.type === 'transport') Object.assign(stats, { dtlsState: report.dtlsState, srtpCipher: report.srtpCipher, tlsVersion: report.tlsVersion });
      if (report.type === 'codec' && report.mimeType.startsWith('audio/')) stats.codec = report.mimeType;
      if (report.type === 'outbound-rtp') stats.packetsSent = report.packetsSent;
      if (report.type === 'inbound-rtp') stats.packetsReceived = report.packetsReceived;
      if (report.type === 'remote-inbound-rtp') stats.remoteInbound = { packetsLost: report.packetsLost, jitter: report.jitter, roundTripTime: report.roundTripTime };
    });
    const state = pc.connectionState;
    if (o.vanish) return { callId, state, peakHz, peakDb, timings, ...stats }; // the page closes, no hangup
    if (o.hangup === 'api') {
      await window.hangupCall(placed.body.uuid);
      mark('hangup');
    } else if (o.hangup === 'page') {
      if (o.sdk === 'new') await client.hangup(callId);
      else await window.__legacyCall.hangUp();
      mark('hangup');
    }
    // Either the page hung up, or the call ends by itself (its NCCO runs out): wait for the SDK to say so.
    await Promise.race([hungUp, new Promise((r) => setTimeout(r, 15000))]);
    mark('ended');
    return { callId, state, peakHz, peakDb, hangups, timings, placed, invites, reconnected, controls, ...stats };
  }, { ...options });
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  pages.close();
}
