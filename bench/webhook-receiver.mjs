// A fast local webhook receiver for bench/webhooks.sh: answers 200 at once, counts deliveries and
// measures each one's lag from the event's own timestamp (same host, same clock). GET /stats reports.
import http from 'node:http';

const port = Number(process.argv[2] ?? 18097);
let count = 0;
const lags = [];
const ids = new Set();
let first = 0;
let last = 0;

http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    const sorted = [...lags].sort((a, b) => a - b);
    const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);
    res.end(JSON.stringify({ count, distinct: ids.size, seconds: (last - first) / 1000, p50: pct(50), p99: pct(99), max: sorted.at(-1) ?? 0 }));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    const event = JSON.parse(Buffer.concat(chunks));
    if (!first) first = now;
    last = now;
    count++;
    ids.add(`${event.conversation_id}/${event.id}`);
    lags.push(now - Date.parse(event.timestamp));
    res.end();
  });
}).listen(port, '127.0.0.1');
