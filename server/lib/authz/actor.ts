// Who is asking, and from where. Every service that reads or writes on someone's behalf receives an
// Actor, so authorisation and mailcow's audit log never need extra arguments.
import type { Role } from '../roles.ts';

export type ActorKind =
  /** A signed-in browser session. */
  | 'session'
  /** A notification button: a single-use token that acts as its mailbox user for one item or alias. */
  | 'push_token'
  /**
   * A password manager holding a mailbox user's alias token: role 'user' as its owner, but it may
   * only create and list the owner's time-limited aliases (KIND_SCOPES in policy.ts).
   */
  | 'alias_token'
  /**
   * An API key sent as X-API-Key to /api/v1: mailcow's `api` table (role 'admin', username 'API',
   * as mailcow's own session for a key) or a domain admin's scoped key (role 'domain_admin', its
   * owner's username, so the owner's domains and da_acl bound it). `apiAccess` says read or write.
   */
  | 'api_key'
  /** A digest link (`/qhandler/…/<qhash>`): the hash is the capability, nobody is signed in. */
  | 'link'
  /** Nobody in particular: sign-in attempts, health checks. */
  | 'anonymous';

export interface Actor {
  kind: ActorKind;
  /** The account's stored name; '' when anonymous. */
  username: string;
  role: Role | 'anonymous';
  /** The client's address as far as Cowbell can trust it (see clientIp). */
  ip: string;
  /**
   * Sessions only: the user proved who they are within the step-up window (STEP_UP_MINUTES), so
   * actions in STEP_UP (policy.ts) go ahead without asking again.
   */
  freshProof?: boolean;
  /** API keys only: 'ro' keys may read, never add, edit or delete (mailcow's mailcow_cc_api_access). */
  apiAccess?: 'ro' | 'rw';
}

/** An actor that is a signed-in account of one of the three roles. */
export type AccountActor = Actor & { role: Role };

export const anonymousActor = (ip: string, kind: ActorKind = 'anonymous'): Actor => ({ kind, username: '', role: 'anonymous', ip });

export const isAccount = (actor: Actor): actor is AccountActor => actor.role !== 'anonymous';
