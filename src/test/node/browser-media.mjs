// Opens a page in headless Debian Chromium (playwright-core) that makes a bare RTCPeerConnection
// with a fake microphone playing a tone file, sends its offer to the URL given and applies the answer,
// then reports as JSON on stdout: the connection state, DTLS and SRTP from getStats(), the codec used,
// and the strongest frequency in what the page hears once it hears anything. Run by the Java WebRTC tests:
//   node browser-media.mjs <page URL> <tone.wav> <seconds to listen> [answer]
// With "answer", the roles turn: the page GETs Parley's offer from /offer and POSTs its answer to /answer.
import { chromium } from 'playwright-core';

const [pageUrl, toneFile, listenSeconds, role = 'offer'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${toneFile}`,
    '--autoplay-policy=no-user-gesture-required', '--allow-loopback-in-peer-connection',
    '--disable-features=WebRtcHideLocalIpsWithMdns'],
});
try {
  const page = await browser.newPage();
  page.on('console', (message) => console.error(`[page] ${message.text()}`));
  await page.goto(pageUrl);
  const result = await page.evaluate(async ({ seconds, role }) => {
    const pc = new RTCPeerConnection({ bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' });
    const microphone = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const remote = new Promise((resolve) => { pc.ontrack = (event) => resolve(event.track); });
    if (role === 'answer') {
      const offer = await (await fetch('/offer')).text();
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      microphone.getTracks().forEach((track) => pc.addTrack(track, microphone));
      await pc.setLocalDescription(await pc.createAnswer());
      await fetch('/answer', { method: 'POST', body: pc.localDescription.sdp });
    } else {
      microphone.getTracks().forEach((track) => pc.addTrack(track, microphone));
      await pc.setLocalDescription(await pc.createOffer());
      const response = await fetch('/offer', { method: 'POST', body: pc.localDescription.sdp });
      await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    }
    await new Promise((resolve, reject) => {
      const check = () => {
        if (pc.connectionState === 'connected') resolve();
        if (pc.connectionState === 'failed') reject(new Error('the connection failed'));
      };
      pc.onconnectionstatechange = check;
      check();
    });
    const track = await remote;
    const player = new Audio();
    player.srcObject = new MediaStream([track]); // Chrome feeds WebAudio only from a played remote stream
    await player.play().catch(() => {});
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const bins = new Float32Array(analyser.frequencyBinCount);
    const loudest = () => {
      analyser.getFloatFrequencyData(bins);
      let at = 0;
      for (let i = 1; i < bins.length; i++) if (bins[i] > bins[at]) at = i;
      return { hz: (at * context.sampleRate) / analyser.fftSize, db: bins[at] };
    };
    // Wait (up to 20 s) until something is heard at all, then take the loudest frequency over the window.
    const heardBy = performance.now() + 20000;
    while (loudest().db < -80 && performance.now() < heardBy) await new Promise((r) => setTimeout(r, 100));
    let peakHz = 0;
    let peakDb = -Infinity;
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = loudest();
      if (now.db > peakDb) { peakDb = now.db; peakHz = now.hz; }
    }
    const stats = {};
    (await pc.getStats()).forEach((report) => {
      if (report.type === 'transport') Object.assign(stats, { dtlsState: report.dtlsState, srtpCipher: report.srtpCipher, tlsVersion: report.tlsVersion });
      if (report.type === 'codec' && report.mimeType.startsWith('audio/')) stats.codec = report.mimeType;
      if (report.type === 'outbound-rtp') stats.packetsSent = report.packetsSent;
      if (report.type === 'inbound-rtp') stats.packetsReceived = report.packetsReceived;
    });
    const state = pc.connectionState;
    pc.close();
    return { state, peakHz, peakDb, ...stats };
  }, { seconds: Number(listenSeconds), role });
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
