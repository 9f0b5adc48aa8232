// The answer URL for the voice benchmarks: a call to sip:bench-conference-N@... joins that conference
// (bench/conference.sh); any other call gets a conversation of its own, named after the call's uuid
// (bench/sip-calls.sh; with BENCH_RECORD=1 each call records itself first, split). Answers at once.
import http from 'node:http';

const port = Number(process.argv[2] ?? 18098);
http.createServer((req, res) => {
  const params = new URL(req.url, 'http://x').searchParams;
  const to = params.get('to') ?? '';
  const name = to.startsWith('bench-conference-') ? to : `bench-${params.get('uuid') ?? 'none'}`;
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const ncco = [{ action: 'conversation', name }];
  if (process.env.BENCH_RECORD === '1') {
    ncco.unshift({ action: 'record', format: 'wav', split: 'conversation' }); // bench/sip-calls.sh ... record
  }
  res.end(JSON.stringify(ncco));
}).listen(port, '127.0.0.1');
