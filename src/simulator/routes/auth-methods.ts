import { anyOf } from "../auth/permissions.js";
import { GraphHttpError } from "../http/wire.js";
import { serveCollection, type CollectionSpec } from "../odata/collection.js";
import { SliceResult } from "../odata/result-set.js";
import { requireUser, userContext, type RouteDefinition } from "./route-kit.js";

/** Typed method collections that have a v1.0 DELETE, and the @odata.type each holds. */
export const TYPED_METHOD_COLLECTIONS: Record<string, string> = {
  phonemethods: "#microsoft.graph.phoneAuthenticationMethod",
  emailmethods: "#microsoft.graph.emailAuthenticationMethod",
  microsoftauthenticatormethods: "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
  softwareoathmethods: "#microsoft.graph.softwareOathAuthenticationMethod",
  fido2methods: "#microsoft.graph.fido2AuthenticationMethod",
  temporaryaccesspassmethods: "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
  windowshelloforbusinessmethods: "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod",
};

/** Higher-privileged alternatives per collection (graph-api.md §1.12); fido2 needs the passkey permission. */
const DELETE_ALTERNATIVES: Record<string, string[]> = {
  microsoftauthenticatormethods: ["UserAuthMethod-MicrosoftAuthApp.ReadWrite.All"],
  temporaryaccesspassmethods: ["UserAuthMethod-TAP.ReadWrite.All"],
  windowshelloforbusinessmethods: ["UserAuthMethod-WindowsHello.ReadWrite.All"],
};

function methodType(method: Record<string, unknown>): string {
  const type = String(method["@odata.type"] ?? "");
  return (type.startsWith("#") ? type : `#${type}`).toLowerCase();
}

export const authMethodRoutes: RouteDefinition[] = [
  {
    id: "authMethods.list",
    method: "GET",
    pattern: "users/:user/authentication/methods",
    flavour: "directory",
    throttle: "reports",
    permissions: anyOf("UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"),
    handle(call, params, ctx) {
      const user = requireUser(ctx, params.user);
      const methods = ctx.index.authenticationMethods(params.user) ?? [];
      // The list supports no OData query options at all.
      const spec: CollectionSpec = {
        context: `${userContext(user, params.user)}/authentication/methods`,
        flavour: "directory",
        options: [],
        pageSize: { default: 1000, max: 1000, overMax: "clamp" },
        paging: "skiptoken",
      };
      return serveCollection(call, spec, { query: () => new SliceResult(methods) }, ctx.serve, "authMethods.list");
    },
  },
  {
    id: "authMethods.delete",
    method: "DELETE",
    pattern: "users/:user/authentication/:collection/:method",
    flavour: "directory",
    throttle: "reports",
    accepts: (params) => params.collection.toLowerCase() in TYPED_METHOD_COLLECTIONS,
    permissions: (_call, params) => {
      const collection = params.collection.toLowerCase();
      if (collection === "fido2methods") return anyOf("UserAuthMethod-Passkey.ReadWrite.All");
      return anyOf("UserAuthenticationMethod.ReadWrite.All", ...(DELETE_ALTERNATIVES[collection] ?? []));
    },
    handle(_call, params, ctx) {
      requireUser(ctx, params.user);
      const methods = ctx.index.authenticationMethods(params.user);
      const wantedType = TYPED_METHOD_COLLECTIONS[params.collection.toLowerCase()].toLowerCase();
      const position = (methods ?? []).findIndex(
        (method) => typeof method.id === "string" && method.id.toLowerCase() === params.method.toLowerCase() && methodType(method) === wantedType,
      );
      if (!methods || position === -1) throw new GraphHttpError(404, "itemNotFound", `The authentication method '${params.method}' was not found for this user.`);
      methods.splice(position, 1);
      ctx.changed();
      return { status: 204 };
    },
  },
];
