import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z, ZodType } from 'zod';
import { AppError, zodIssues } from './errors.ts';
import { documentInput } from './openapi/annotate.ts';

const invalid = (error: Parameters<typeof zodIssues>[0]) => new AppError('validation_failed', 'Some fields are not valid.', zodIssues(error));

/** zod at the edge: bad input becomes a validation_failed AppError with the issues listed. */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  // The schema also describes the route in Cowbell's OpenAPI document (features/api-docs).
  return documentInput(zValidator(target, schema, (result) => {
    if (!result.success) throw invalid(result.error);
  }), target, schema);
}

/** The same check inside a service that other code calls directly: zod's output, or validation_failed. */
export function parseInput<T extends ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(result.error);
  return result.data;
}
