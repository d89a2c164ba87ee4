// A read-only API key reads and never writes, whatever its role would allow: mailcow refuses every
// add, edit and delete of a 'ro' key with 403 before looking at the call. Checked here, in the
// authorisation layer, so any route a key reaches asks the same question.
import type { Actor } from './actor.ts';

export const mayWrite = (actor: Actor): boolean => actor.kind !== 'api_key' || actor.apiAccess === 'rw';
