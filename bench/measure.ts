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
 * Requests at evenly spaced times, `perSecond` of them each second, whatever the answers' speed (as
 * many connections as that needs): latency at a given load. Each latency counts from when its request
 * was due, so a stall is not hidden by requests that were never sent. (autocannon's overallRate is
 * not this: each connection sends its quota for the second back to back, then waits for the next one.)
 */
export async function fixedRate(url: string, headers: Record<string, string>, seconds: number, perSecond: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(seconds * perSecond);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const answers: Promise<void>[] = [];
  const send = (due: number) => answers.push(new Promise<void>((resolve) => {
    request(url, { agent, headers }, (res) => {
      if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
      res.resume();
      res.on('end', () => { latencies.push(performance.now() - due); resolve(); });
    }).on('error', () => { errors++; resolve(); }).end();
  }));
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * perSecond) / 1000) + 1);
    for (; sent < due; sent++) send(started + (sent * 1000) / perSecond);
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(answers);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requestsPerSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors, non2xx };
}

export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D/g, '') ?? 0) / 1024);
}
