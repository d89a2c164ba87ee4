import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './errors.ts';
import { onStepUpRequired, withStepUp } from './step-up.ts';

const stale = () => new ApiError('step_up_required', 'confirm');

describe('withStepUp', () => {
  afterEach(() => onStepUpRequired(null));

  it('asks once and runs the change again when the user confirms', async () => {
    const ask = vi.fn(async () => true);
    onStepUpRequired(ask);
    const work = vi.fn().mockRejectedValueOnce(stale()).mockResolvedValueOnce('made');
    await expect(withStepUp(work)).resolves.toBe('made');
    expect(ask).toHaveBeenCalledTimes(1);
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('keeps the error when the user cancels, or when nobody can ask', async () => {
    onStepUpRequired(async () => false);
    await expect(withStepUp(() => Promise.reject(stale()))).rejects.toMatchObject({ code: 'step_up_required' });
    onStepUpRequired(null);
    await expect(withStepUp(() => Promise.reject(stale()))).rejects.toMatchObject({ code: 'step_up_required' });
  });

  it('never asks for any other error', async () => {
    const ask = vi.fn(async () => true);
    onStepUpRequired(ask);
    await expect(withStepUp(() => Promise.reject(new ApiError('forbidden', 'no')))).rejects.toMatchObject({ code: 'forbidden' });
    expect(ask).not.toHaveBeenCalled();
  });
});
