import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

type Options = { url: string; headers: Record<string, string>; seconds: number; connections: number; rate?: number };

async function cannon({ url, headers, seconds, connections, rate }: Options): Promise<LoadResult> {
  // At a fixed rate autocannon "corrects" each latency for coordinated omission as if requests were due
  // every millisecond (a 30 ms answer also counts as 29, 28 … 1 ms), which skews every percentile: its
  // plain per-request latencies are kept instead. The rate itself is held by its per-connection timers.
  const r = await autocannon({ url, headers, duration: seconds, connections, pipelining: 1,
    ...(rate ? { overallRate: rate, ignoreCoordinatedOmission: true } : {}) });
  return { requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

/** As many requests as `connections` keep in flight: throughput. */
export const load = (url: string, headers: Record<string, string>, seconds: number, connections: number) =>
  cannon({ url, headers, seconds, connections });

/** A fixed number of requests per second, whatever the answers' speed: latency at a given load. */
export const fixedRate = (url: string, headers: Record<string, string>, seconds: number, perSecond: number) =>
  cannon({ url, headers, seconds, connections: 25, rate: perSecond });

export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D/g, '') ?? 0) / 1024);
}
