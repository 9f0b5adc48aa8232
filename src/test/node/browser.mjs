// What the Chromium drivers share: Debian's chromium launched headless with a fake microphone, a page
// server for an SDK bundle on an origin of its own, and in-page helpers (a WebAudio ear for a track).
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

// Chromium with a fake microphone playing `tone` (a WAV file), WebRTC on loopback allowed.
export const launch = (tone) => chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${tone}`,
    '--autoplay-policy=no-user-gesture-required', '--allow-loopback-in-peer-connection',
    '--disable-features=WebRtcHideLocalIpsWithMdns'],
});

// Serves a page titled `title` that loads `bundle` (an SDK's script) on 127.0.0.1; its base URL.
export const servePage = async (title, bundle) => {
  const server = createServer((request, response) => {
    if (request.url === '/sdk.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      response.end(bundle);
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><meta charset="utf-8"><title>${title}</title><script src="/sdk.js"></script>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
};

// An init script: every RTCPeerConnection the page makes is kept in window.__connections, and
// window.__ear(track) gives the loudest frequency in a track (played, since Chrome feeds WebAudio only
// from a played remote stream).
export const pageHelpers = () => {
  const Original = window.RTCPeerConnection;
  window.__connections = [];
  window.RTCPeerConnection = function (...args) {
    const pc = new Original(...args);
    window.__connections.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Original.prototype;
  window.__ear = async (track) => {
    const player = new Audio();
    player.srcObject = new MediaStream([track]);
    await player.play().catch(() => {});
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const bins = new Float32Array(analyser.frequencyBinCount);
    return () => {
      analyser.getFloatFrequencyData(bins);
      let at = 0;
      for (let i = 1; i < bins.length; i++) if (bins[i] > bins[at]) at = i;
      return { hz: (at * context.sampleRate) / analyser.fftSize, db: bins[at] };
    };
  };
};
