import type { GraphObject, SnapshotMailbox, TenantSnapshot } from "../../snapshot/types.js";
import { IndexedCollection } from "../odata/indexed-collection.js";
import { readPath } from "../odata/filter-compile.js";

/** Lookups and time indexes over the live tenant state, built lazily per collection. */
export class TenantIndex {
  private readonly usersById = new Map<string, GraphObject>();
  private readonly usersByUpn = new Map<string, GraphObject>();
  private readonly mailboxes = new Map<string, SnapshotMailbox>();
  private readonly methods = new Map<string, GraphObject[]>();

  /** v1.0 and plain beta lists: interactive sign-ins only. */
  readonly interactiveSignIns: IndexedCollection;
  /** beta with a signInEventTypes filter: every sign-in. */
  readonly allSignIns: IndexedCollection;
  readonly directoryAudits: IndexedCollection;
  readonly riskDetections: IndexedCollection;
  readonly alerts: IndexedCollection;
  readonly auditLogRecords: IndexedCollection;

  constructor(readonly state: TenantSnapshot) {
    for (const user of state.users ?? []) {
      if (typeof user.id === "string") this.usersById.set(user.id.toLowerCase(), user);
      if (typeof user.userPrincipalName === "string") this.usersByUpn.set(user.userPrincipalName.toLowerCase(), user);
    }
    for (const [key, mailbox] of Object.entries(state.mailboxes ?? {})) this.mailboxes.set(key.toLowerCase(), mailbox);
    for (const [key, list] of Object.entries(state.authenticationMethods ?? {})) this.methods.set(key.toLowerCase(), list);

    const byUser = { userId: (item: GraphObject) => keyOf(item.userId) };
    this.interactiveSignIns = new IndexedCollection(() => (state.signIns ?? []).filter(isInteractiveSignIn), "createdDateTime", byUser);
    this.allSignIns = new IndexedCollection(() => state.signIns ?? [], "createdDateTime", {
      ...byUser,
      // `signInEventTypes/any(t: t eq 'nonInteractiveUser')`: the tenant-wide beta queries
      "signInEventTypes/any/": (item) => eventTypesOf(item),
    });
    this.directoryAudits = new IndexedCollection(() => state.directoryAudits ?? [], "activityDateTime", {
      "initiatedBy/user/id": (item) => keyOf(readPath(item, ["initiatedBy", "user", "id"])),
      "targetResources/any/id": (item) => (Array.isArray(item.targetResources) ? item.targetResources.flatMap((target) => keyOf(readPath(target, ["id"]))) : []),
    });
    this.riskDetections = new IndexedCollection(() => state.riskDetections ?? [], "activityDateTime", byUser);
    this.alerts = new IndexedCollection(() => state.alerts ?? [], "createdDateTime");
    this.auditLogRecords = new IndexedCollection(() => state.auditLogRecords ?? [], "createdDateTime");
  }

  /** Builds every query index now (a large tenant's first query would otherwise sort all of its sign-ins). */
  prepare(): void {
    for (const collection of [this.interactiveSignIns, this.allSignIns, this.directoryAudits, this.riskDetections, this.alerts, this.auditLogRecords]) collection.prepare();
  }

  /** A user by object id or UPN (case-insensitive). */
  user(idOrUpn: string): GraphObject | undefined {
    const key = idOrUpn.toLowerCase();
    return this.usersById.get(key) ?? this.usersByUpn.get(key);
  }

  /** The snapshot mailbox of a user, whichever of id or UPN it is keyed by. */
  mailbox(idOrUpn: string): SnapshotMailbox | undefined {
    return this.keyed(this.mailboxes, idOrUpn);
  }

  authenticationMethods(idOrUpn: string): GraphObject[] | undefined {
    return this.keyed(this.methods, idOrUpn);
  }

  private keyed<T>(map: Map<string, T>, idOrUpn: string): T | undefined {
    const direct = map.get(idOrUpn.toLowerCase());
    if (direct) return direct;
    const user = this.user(idOrUpn);
    if (!user) return undefined;
    for (const key of [user.id, user.userPrincipalName]) {
      if (typeof key === "string" && map.has(key.toLowerCase())) return map.get(key.toLowerCase());
    }
    return undefined;
  }
}

/**
 * A sign-in is interactive unless its beta signInEventTypes say otherwise or isInteractive is false
 * (the v1.0 list carries interactive sign-ins only).
 */
export function isInteractiveSignIn(signIn: GraphObject): boolean {
  const types = signIn.signInEventTypes;
  if (Array.isArray(types) && types.length > 0) return types.some((type) => String(type).toLowerCase() === "interactiveuser");
  return signIn.isInteractive !== false;
}

/** The sign-in's event types as the beta filter sees them (derived from isInteractive when absent). */
function eventTypesOf(signIn: GraphObject): string[] {
  const types = signIn.signInEventTypes;
  if (types === undefined) return [isInteractiveSignIn(signIn) ? "interactiveuser" : "noninteractiveuser"];
  return Array.isArray(types) ? types.filter((type) => type !== null && type !== undefined).map((type) => String(type).toLowerCase()) : [];
}

function keyOf(value: unknown): string[] {
  return typeof value === "string" && value !== "" ? [value.toLowerCase()] : [];
}
