import type { GraphObject, SnapshotMailbox, TenantSnapshot } from "../../snapshot/types.js";

/**
 * The simulator's own copy of the parts of a snapshot that containment writes change (users,
 * inbox rules, authentication methods); the read-only bulk (sign-ins, audits) stays shared so a
 * million-row snapshot is not duplicated.
 */
export function liveCopy(snapshot: TenantSnapshot): TenantSnapshot {
  const copy: TenantSnapshot = { ...snapshot };
  if (snapshot.users) copy.users = snapshot.users.map((user) => ({ ...user }));
  if (snapshot.mailboxes) {
    const mailboxes: Record<string, SnapshotMailbox> = {};
    for (const [key, mailbox] of Object.entries(snapshot.mailboxes)) {
      mailboxes[key] = { ...mailbox, ...(mailbox.messageRules ? { messageRules: [...mailbox.messageRules] } : {}) };
    }
    copy.mailboxes = mailboxes;
  }
  if (snapshot.authenticationMethods) {
    const methods: Record<string, GraphObject[]> = {};
    for (const [key, list] of Object.entries(snapshot.authenticationMethods)) methods[key] = [...list];
    copy.authenticationMethods = methods;
  }
  return copy;
}
