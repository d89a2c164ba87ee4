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
  const r = await autocannon({ url, headers, duration: seconds, connections, pipelining: 1, ...(rate ? { overallRate: rate } : {}) });
  return { requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

/** As many requests as `connections` keep in flight: throughput. */
export const load = (url: string, headers: Record<string, string>, seconds: number, connections: number) =>
  cannon({ url, headers, seconds, connections });

/**
 * A fixed number of requests per second, whatever the answers' speed: latency at a given load (a
 * late answer counts from when its request was due, so a stall is not hidden).
 */
export const fixedRate = (url: string, headers: Record<string, string>, seconds: number, perSecond: number) =>
  cannon({ url, headers, seconds, connections: 25, rate: perSecond });

export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D/g, '') ?? 0) / 1024);
}
