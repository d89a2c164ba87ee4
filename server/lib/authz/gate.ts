// The route-level half of authorisation: a route names the permission it serves, and only actors
// whose kind may take it and whose role may hold it get through. ACLs and objects are checked by
// the service (authorize()).
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../auth/middleware.ts';
import type { Session } from '../auth/session-store.ts';
import { AppError } from '../errors.ts';
import type { AccountActor, Actor } from './actor.ts';
import { documentPermission } from '../openapi/annotate.ts';
import { gateAllows, needsStepUp, STEP_UP } from './policy.ts';
import { ROLE_GATES, type GatedAction } from './role-gates.ts';

export type SignedInEnv = AppEnv & { Variables: { session: Session; actor: AccountActor } };

export function gate(action: GatedAction) {
  const middleware = createMiddleware<SignedInEnv>(async (c, next) => {
    // Typed as signed in for the handlers after the gate; here it may still be anybody.
    const actor = c.get('actor') as Actor;
    if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
    if (!gateAllows(actor, action)) throw new AppError('forbidden', 'You are not allowed to do this.');
    if (needsStepUp(actor, action)) {
      throw new AppError('step_up_required', 'Confirm it is you (your password or a second factor), then try again.');
    }
    await next();
  });
  // Who may call the route is part of its OpenAPI description.
  return documentPermission(middleware, action, ROLE_GATES[action], STEP_UP.has(action));
}
