import type { GraphObject } from "../../snapshot/types.js";
import { anyOf, type PermissionRequirement } from "../auth/permissions.js";
import type { GraphCall } from "../http/call.js";
import { badRequest } from "../http/errors.js";
import { GraphHttpError } from "../http/wire.js";
import { findFolder, openMailbox, wellKnownNameOf } from "../tenant/mailbox.js";
import { requireUser, type RouteDefinition } from "./route-kit.js";

const DIRECTORY_WRITE = ["User.ReadWrite.All", "Directory.ReadWrite.All"];

/**
 * What a PATCH /users/{id} body needs: accountEnabled alone can use the narrow
 * User.EnableDisableAccount.All (with User.Read.All); a passwordProfile needs
 * User-PasswordProfile.ReadWrite.All, which User.ReadWrite.All does not cover.
 */
function patchPermissions(call: GraphCall): PermissionRequirement {
  const body = isRecord(call.body) ? call.body : {};
  const keys = Object.keys(body);
  const groups: PermissionRequirement[] = [];
  if (keys.includes("accountEnabled")) groups.push([["User.EnableDisableAccount.All", "User.Read.All"], ...anyOf(...DIRECTORY_WRITE)]);
  if (keys.includes("passwordProfile")) groups.push(anyOf("User-PasswordProfile.ReadWrite.All"));
  if (keys.some((key) => key !== "accountEnabled" && key !== "passwordProfile")) groups.push(anyOf(...DIRECTORY_WRITE));
  if (groups.length === 0) return anyOf(...DIRECTORY_WRITE);
  // Every part of the body must be allowed: combine the alternatives of each part.
  return groups.reduce((acc, group) => acc.flatMap((left) => group.map((right) => [...left, ...right])));
}

/** Entra's default complexity rule: at least 8 characters from 3 of 4 character classes. */
function complexEnough(password: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  return password.length >= 8 && password.length <= 256 && classes >= 3;
}

function applyPatch(user: GraphObject, body: Record<string, unknown>, now: Date): void {
  for (const [key, value] of Object.entries(body)) {
    if (key === "id") throw badRequest("directory", "Property 'id' is read-only and cannot be set.");
    if (key === "accountEnabled") {
      if (typeof value !== "boolean") throw badRequest("directory", "Invalid value specified for property 'accountEnabled' of resource 'User'.");
      user.accountEnabled = value;
    } else if (key === "passwordProfile") {
      if (!isRecord(value) || typeof value.password !== "string" || value.password === "") {
        throw badRequest("directory", "Invalid value specified for property 'passwordProfile' of resource 'User'.");
      }
      if (!complexEnough(value.password)) {
        throw badRequest("directory", "The specified password does not comply with password complexity requirements. Please provide a different password.");
      }
      // The password itself is never stored: Graph never returns it either.
      user.passwordProfile = {
        forceChangePasswordNextSignIn: value.forceChangePasswordNextSignIn === true,
        forceChangePasswordNextSignInWithMfa: value.forceChangePasswordNextSignInWithMfa === true,
        password: null,
      };
      user.lastPasswordChangeDateTime = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    } else {
      user[key] = value;
    }
  }
}

export const containmentRoutes: RouteDefinition[] = [
  {
    id: "users.revokeSignInSessions",
    method: "POST",
    pattern: "users/:user/revokeSignInSessions",
    flavour: "directory",
    throttle: "identityWrite",
    permissions: anyOf("User.RevokeSessions.All", ...DIRECTORY_WRITE),
    cost: () => 1,
    handle(call, params, ctx) {
      const user = requireUser(ctx, params.user);
      const stamp = ctx.clock.now().toISOString().replace(/\.\d{3}Z$/, "Z");
      user.signInSessionsValidFromDateTime = stamp;
      user.refreshTokensValidFromDateTime = stamp;
      ctx.changed();
      // Graph answers 200 with an Edm.Boolean, not 204 (documented known issue).
      return { status: 200, body: { "@odata.context": `${ctx.serve.baseUrl}/${call.version}/$metadata#Edm.Boolean`, value: true } };
    },
  },
  {
    id: "users.update",
    method: "PATCH",
    pattern: "users/:user",
    flavour: "directory",
    throttle: "identityWrite",
    permissions: patchPermissions,
    cost: () => 1,
    handle(call, params, ctx) {
      if (!isRecord(call.body)) throw badRequest("directory", "A JSON object with the properties to update is required.");
      const user = requireUser(ctx, params.user);
      applyPatch(user, call.body, ctx.clock.now());
      ctx.changed();
      return { status: 204 };
    },
  },
  {
    id: "messageRules.delete",
    method: "DELETE",
    pattern: "users/:user/mailFolders/:folder/messageRules/:rule",
    flavour: "outlook",
    throttle: "outlook",
    permissions: anyOf("MailboxSettings.ReadWrite"),
    handle(_call, params, ctx) {
      const view = openMailbox(ctx.index, ctx.state, params.user);
      const folder = findFolder(view, params.folder);
      const rules = view.mailbox.messageRules ?? [];
      const position = wellKnownNameOf(folder) === "inbox" ? rules.findIndex((rule) => rule.id === params.rule) : -1;
      if (position === -1) throw new GraphHttpError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
      rules.splice(position, 1);
      ctx.changed();
      return { status: 204 };
    },
  },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
