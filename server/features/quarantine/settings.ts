// mailcow's quarantine settings live in plain Redis strings (reference 3.3); unset means mailcow's default.
import type { Redis } from 'ioredis';
import { AppError } from '../../lib/errors.ts';
import { mailcowKeys } from '../../lib/redis-keys.ts';

export interface QuarantineSettings {
  /** Bytes; 0 means "nothing fits", i.e. quarantine is off (mailcow: 0 is not unlimited). */
  maxSizeBytes: number;
  /** Rows kept per mailbox; 0 means quarantine is off. */
  retention: number;
  excludeDomains: Set<string>;
  releaseFormat: 'raw' | 'attachment';
  maxScore: number;
}

const num = (v: string | null) => (v && Number.isFinite(Number(v)) ? Number(v) : 0);

/** Q_EXCLUDE_DOMAINS: a JSON list of names; anything else reads as none. */
export function jsonList(v: string | null): string[] {
  try {
    const parsed: unknown = JSON.parse(v ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

export async function readQuarantineSettings(redis: Redis): Promise<QuarantineSettings> {
  const [size, retention, exclude, format, maxScore] = await redis.mget(mailcowKeys.quarantineMaxSize,
    mailcowKeys.quarantineRetention, mailcowKeys.quarantineExcludeDomains, mailcowKeys.quarantineReleaseFormat,
    mailcowKeys.quarantineMaxScore);
  return {
    maxSizeBytes: Math.max(0, num(size)) * 1048576,
    retention: Math.max(0, Math.floor(num(retention))),
    excludeDomains: new Set(jsonList(exclude).map((d) => d.toLowerCase())),
    releaseFormat: format === 'attachment' ? 'attachment' : 'raw',
    maxScore: maxScore && Number.isFinite(Number(maxScore)) ? Number(maxScore) : 9999,
  };
}

/**
 * mailcow stores nothing while either limit is unset or 0 (reference 3.2, checklist 13). Its pipe.php
 * answers "too large" then; ingest names the setting instead, so rspamd's log points at the cause.
 */
export const quarantineOff = (key: 'Q_MAX_SIZE' | 'Q_RETENTION_SIZE') =>
  new AppError('quarantine_off', `The quarantine is switched off: ${key} is unset or 0.`);
