import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** As many requests as `connections` keep in flight: throughput. */
export async function load(url: string, headers: Record<string, string>, seconds: number, connections: number): Promise<LoadResult> {
  const r = await autocannon({ url, headers, duration: seconds, connections, pipelining: 1 });
  return { requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Calls `send(n, due)` for n = 0 … total-1 at evenly spaced times, `perSecond` of them each second,
 * whatever the answers' speed; `due` is when call n was due (performance.now()), so a latency counted
 * from it does not hide a stall behind calls that were never made. Resolves with the seconds from the
 * first due time to the last answer.
 */
export async function paced(total: number, perSecond: number, send: (n: number, due: number) => Promise<void>): Promise<number> {
  const answers: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * perSecond) / 1000) + 1);
    for (; sent < due; sent++) answers.push(send(sent, started + (sent * 1000) / perSecond));
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(answers);
  return (performance.now() - started) / 1000;
}

/**
 * Requests at evenly spaced times (paced, as many connections as that needs): latency at a given load.
 * (autocannon's overallRate is not this: each connection sends its quota for the second back to back,
 * then waits for the next one.)
 */
export async function fixedRate(url: string, headers: Record<string, string>, seconds: number, perSecond: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const elapsed = await paced(Math.round(seconds * perSecond), perSecond, (_, due) => new Promise<void>((resolve) => {
    request(url, { agent, headers }, (res) => {
      if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
      res.resume();
      res.on('end', () => { latencies.push(performance.now() - due); resolve(); });
    }).on('error', () => { errors++; resolve(); }).end();
  }));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requestsPerSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors, non2xx };
}

export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D/g, '') ?? 0) / 1024);
}
