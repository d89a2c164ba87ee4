// Several aliases in one request, each written by mailcow's own alias service on its own (as
// mailcow's add/alias loops over addresses): one refused address does not stop the others, and
// each refusal carries the reason the API would give for that address alone.
import type { Deps } from '../../deps.ts';
import type { ErrorBody } from '../../lib/error-codes.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { AppError, errorBody } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { createAlias, deleteAlias, editAlias } from '../../mailcow/alias.service.ts';
import { bulkAliasInput, createAliasesInput, type AliasResult, type BulkAliasInput, type BulkResult, type CreateAliasesInput } from './admin-aliases.schema.ts';

type Refusal = ErrorBody['error'];

/** The work's result, or its refusal as the answer's error; anything that is no refusal still fails the request. */
async function attempt<T>(work: () => Promise<T>): Promise<{ value: T } | { error: Refusal }> {
  try {
    return { value: await work() };
  } catch (e) {
    if (e instanceof AppError && e.code !== 'internal') return { error: errorBody(e).error };
    throw e;
  }
}

export async function createAliases(deps: Deps, actor: Actor, input: CreateAliasesInput): Promise<{ results: AliasResult[] }> {
  const { addresses, ...rest } = parseInput(createAliasesInput, input);
  const results: AliasResult[] = [];
  // One after the other: the domain's alias quota is counted by each write.
  for (const address of [...new Set(addresses)]) {
    const made = await attempt(() => createAlias(deps, actor, { ...rest, address }));
    results.push('value' in made ? { address, alias: made.value } : { address, error: made.error });
  }
  return { results };
}

export async function bulkAliases(deps: Deps, actor: Actor, input: BulkAliasInput): Promise<{ results: BulkResult[] }> {
  const { ids, action } = parseInput(bulkAliasInput, input);
  const results: BulkResult[] = [];
  for (const id of [...new Set(ids)]) {
    const done = await attempt<unknown>(() => (action === 'delete' ? deleteAlias(deps, actor, { id }) : editAlias(deps, actor, { id, active: action === 'activate' })));
    results.push('error' in done ? { id, error: done.error } : { id });
  }
  return { results };
}
