import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, vi } from 'vitest';
import { AppError, handleError } from './errors.ts';

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

  it("maps Hono's own 4xx into the closed set of codes", async () => {
    const res = await appThrowing(new HTTPException(404, { message: 'gone' })).request('/');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
