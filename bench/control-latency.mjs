// A load tool for Voice API control requests: sends COUNT requests (METHOD PATH with BODY, the bearer
// token TOKEN) to BASE with CONCURRENCY in flight, and prints throughput and latency percentiles.
// Every answer must be 2xx; any other is counted and its first body printed.
// Usage: node bench/control-latency.mjs BASE TOKEN METHOD PATH BODY [count 2000] [concurrency 4] [label]
const [base, token, method, path, body, countArg, concurrencyArg, label] = process.argv.slice(2);
const count = Number(countArg ?? 2000);
const concurrency = Number(concurrencyArg ?? 4);
const latencies = [];
let failed = 0;
let firstFailure = null;
let next = 0;

async function worker() {
  while (next < count) {
    next++;
    const start = process.hrtime.bigint();
    const res = await fetch(base + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body,
    });
    const text = await res.text();
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (res.status < 200 || res.status > 299) {
      failed++;
      firstFailure ??= `${res.status} ${text}`;
    }
  }
}

const began = process.hrtime.bigint();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = Number(process.hrtime.bigint() - began) / 1e9;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
console.log(
  `${label ?? path}: ${latencies.length} requests, ${(latencies.length / seconds).toFixed(0)}/s, ` +
    `p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${latencies.at(-1).toFixed(1)} ms, ` +
    `${failed} not 2xx`,
);
if (firstFailure) console.log(`  first failure: ${firstFailure.slice(0, 300)}`);
