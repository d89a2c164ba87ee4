// Cowbell's OpenAPI description is read off the routes themselves (hono-openapi walks the app's
// routes and reads what each middleware carries): validate() hands over its zod schema, gate()
// its permission and the roles that hold it. Nothing about a route is written twice.
import { resolver, uniqueSymbol } from 'hono-openapi';
import type { MiddlewareHandler, ValidationTargets } from 'hono';
import type { StandardSchemaV1 } from '@standard-schema/spec';

/** Marks a validator middleware with the schema it checks `target` against. */
export function documentInput<M extends MiddlewareHandler>(middleware: M, target: keyof ValidationTargets, schema: StandardSchemaV1): M {
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } });
}

/** Marks a gate with the permission it serves: the description and the `x-cowbell-permission` of the operation. */
export function documentPermission<M extends MiddlewareHandler>(middleware: M, action: string, roles: readonly string[], stepUp: boolean): M {
  const description = `Permission \`${action}\`, held by: ${roles.join(', ')}.${stepUp ? ' A browser session must have confirmed its identity within the last few minutes (step-up).' : ''}`;
  return Object.assign(middleware, {
    [uniqueSymbol]: { spec: { description, 'x-cowbell-permission': action, security: [{ session: [] }] } },
  });
}
