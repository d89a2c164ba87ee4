import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { AppError, zodIssues } from './errors.ts';

/** zod at the edge: bad input becomes a validation_failed AppError with the issues listed. */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new AppError('validation_failed', 'Some fields are not valid.', zodIssues(result.error));
  });
}
