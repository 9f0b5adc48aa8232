// The answer URL for bench/sip-calls.sh: every call gets a conversation of its own
// (conversation-per-call NCCO), named after the call's uuid. Answers at once.
import http from 'node:http';

const port = Number(process.argv[2] ?? 18098);
http.createServer((req, res) => {
  const uuid = new URL(req.url, 'http://x').searchParams.get('uuid') ?? 'none';
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify([{ action: 'conversation', name: `bench-${uuid}` }]));
}).listen(port, '127.0.0.1');
