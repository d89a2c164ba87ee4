import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { signInSchema } from '../features/session/session.schema.ts';
import { AppError, describeError, handleError, zodIssues } from './errors.ts';

function appThrowing(error: Error) {
  const app = new Hono();
  app.onError(handleError);
  app.get('/', () => { throw error; });
  return app;
}

describe('the error funnel', () => {
  it('turns an AppError into its code, message and issues', async () => {
    const res = await appThrowing(new AppError('validation_failed', 'Bad.', [{ path: 'a', message: 'no' }])).request('/');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: 'Bad.', issues: [{ path: 'a', message: 'no' }] } });
  });

  it('answers an unexpected error with a bare 500 that echoes nothing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await appThrowing(new Error('db password is hunter2 at /srv/secret.ts:12')).request('/');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/hunter2|secret\.ts/);
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Something went wrong on our side.', issues: [] } });
  });

  it('logs the path without the line breaks a caller may have encoded into it', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    spy.mockClear();
    const app = new Hono();
    app.onError(handleError);
    app.get('*', () => { throw new Error('boom'); });
    await app.request('/x%0A[cowbell]%20forged%0D');
    const line = spy.mock.calls.flat().map(String).join('');
    expect(line).toMatch(/^\[cowbell\] unhandled error on GET \/x\?\[cowbell\] forged\?: Error: boom/);
    expect(line).not.toMatch(/[\r\n]/);
  });

  it("maps Hono's own 4xx into the closed set of codes", async () => {
    const res = await appThrowing(new HTTPException(404, { message: 'gone' })).request('/');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('logging a database error', () => {
  it('names the code and the statement, never its parameters or the server\'s message', async () => {
    const { createDeps } = await import('../deps.ts');
    const { testEnv } = await import('../test/helpers.ts');
    const { quarantine } = await import('../../db/schema/quarantine.ts');
    const deps = createDeps(testEnv());
    const body = 'Subject: my bank password is hunter2';
    let caught: unknown;
    try {
      // A duplicate primary key: MariaDB's own message would quote the value.
      await deps.db.insert(quarantine).values([{ id: 2_000_000_001, qid: 'X', sender: 'a@b.c', msg: body, action: 'reject' },
        { id: 2_000_000_001, qid: 'X', sender: 'a@b.c', msg: body, action: 'reject' }]);
    } catch (e) {
      caught = e;
    } finally {
      await deps.db.delete(quarantine).where((await import('drizzle-orm')).eq(quarantine.id, 2_000_000_001));
      await deps.close();
    }
    expect(String((caught as Error).message)).toContain('hunter2'); // what a naive log line would have printed
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    spy.mockClear();
    await appThrowing(caught as Error).request('/');
    const printed = spy.mock.calls.flat().map(String).join('\n');
    expect(printed).toMatch(/database error ER_DUP_ENTRY \(1062\) in: insert into `quarantine`/);
    expect(printed).not.toContain('hunter2');
    expect(printed).not.toContain('2000000001');
    expect(describeError(caught)).toBe(printed.replace(/^\[cowbell\] unhandled error on GET \/: /, ''));
  });
});

describe('validation issues', () => {
  const issuesOf = (schema: z.ZodType, input: unknown) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error('expected a failure');
    return zodIssues(parsed.error).map(({ path, code }) => ({ path, code }));
  };

  it('name a closed reason per field, which the client words', () => {
    const schema = z.object({ name: z.string().min(1).max(5), tags: z.array(z.string()).min(2), count: z.number().max(3), kind: z.enum(['a', 'b']) });
    expect(issuesOf(schema, { name: '', tags: ['x'], count: 9, kind: 'c' })).toEqual([
      { path: 'name', code: 'required' }, { path: 'tags', code: 'too_short' }, { path: 'count', code: 'invalid' }, { path: 'kind', code: 'invalid' }]);
    expect(issuesOf(schema.pick({ name: true }), { name: 'toolong' })).toEqual([{ path: 'name', code: 'too_long' }]);
  });

  it('take the reason a refinement names, and call an unnamed one invalid', () => {
    const refined = z.string().superRefine((_v, ctx) => ctx.addIssue({ code: 'custom', message: 'x', params: { code: 'made_up' } }));
    expect(issuesOf(refined, 'a')).toEqual([{ path: '', code: 'invalid' }]);
    expect(issuesOf(signInSchema, { username: ' ', password: '' })).toEqual([{ path: 'username', code: 'required' }, { path: 'password', code: 'required' }]);
    expect(issuesOf(signInSchema, { username: 'not a name!', password: 'x'.repeat(1025) })).toEqual([
      { path: 'username', code: 'invalid' }, { path: 'password', code: 'too_long' }]);
  });
});
