// Cowbell's OpenAPI description is read off the routes themselves: validate() leaves its zod schema
// on its middleware, gate() its permission and the roles that hold it. Nothing about a route is
// written twice. Only a mark is left here; hono-openapi is loaded when the document is first asked
// for (features/api-docs), so a server nobody asks pays no memory for it.
import type { MiddlewareHandler, ValidationTargets } from 'hono';
import type { StandardSchemaV1 } from '@standard-schema/spec';

export const ROUTE_DOC = Symbol('cowbell.routeDoc');

export type RouteDoc =
  | { kind: 'input'; target: keyof ValidationTargets; schema: StandardSchemaV1 }
  | { kind: 'permission'; action: string; roles: readonly string[]; stepUp: boolean };

/** Marks a validator middleware with the schema it checks `target` against. */
export function documentInput<M extends MiddlewareHandler>(middleware: M, target: keyof ValidationTargets, schema: StandardSchemaV1): M {
  return Object.assign(middleware, { [ROUTE_DOC]: { kind: 'input', target, schema } satisfies RouteDoc });
}

/** Marks a gate with the permission it serves. */
export function documentPermission<M extends MiddlewareHandler>(middleware: M, action: string, roles: readonly string[], stepUp: boolean): M {
  return Object.assign(middleware, { [ROUTE_DOC]: { kind: 'permission', action, roles, stepUp } satisfies RouteDoc });
}
