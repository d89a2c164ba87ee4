import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TimeLimitedAlias } from '../../../server/features/aliases/aliases.schema.ts';
import { useNewAlias } from './useNewAlias.ts';

const alias = (address: string): TimeLimitedAlias => ({ address, goto: 'me@example.org', description: '', created: '2025-01-01 00:00:00', validity: null, permanent: true });

/** The server's answer to the time-limited list, whatever was asked; the URLs asked are kept. */
function serverLists(items: TimeLimitedAlias[]) {
  const asked: string[] = [];
  vi.stubGlobal('document', { cookie: '' });
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    asked.push(String(input));
    return new Response(JSON.stringify({ items, nextCursor: null }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return asked;
}

afterEach(() => { vi.unstubAllGlobals(); });

describe('useNewAlias().recall', () => {
  it('shows an alias named in the URL once the server lists it as the user\'s', async () => {
    const asked = serverLists([alias('ba.ko@example.org'), alias('ba.kox@example.org')]);
    const { recall, made } = useNewAlias();
    expect(await recall('ba.ko@example.org')).toMatchObject({ address: 'ba.ko@example.org' });
    expect(made.value?.address).toBe('ba.ko@example.org');
    expect(new URL(asked[0], 'http://x').searchParams.get('q')).toBe('ba.ko@example.org');
  });

  it('shows nothing for an address a link names that is not one of the user\'s', async () => {
    serverLists([alias('ba.kox@example.org')]);
    const { recall, made } = useNewAlias();
    expect(await recall('attacker@evil.example')).toBeNull();
    expect(made.value).toBeNull();
  });
});
