import type { GraphRequest } from "../../graph/request.js";
import type { Organization } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { arr, bool, field, str } from "../fields.js";

export function normaliseOrganization(raw: GraphObject): Organization | undefined {
  const id = str(raw.id);
  if (!id) return undefined;
  const domains = arr(raw.verifiedDomains);
  const names = domains.map((d) => str(field(d, "name"))?.toLowerCase()).filter((n): n is string => Boolean(n));
  const byDefault = domains.find((d) => bool(field(d, "isDefault")) === true);
  const defaultDomain = str(field(byDefault, "name"))?.toLowerCase();
  return { id, displayName: str(raw.displayName) ?? id, verifiedDomains: [...new Set(names)], ...(defaultDomain ? { defaultDomain } : {}) };
}

export function organizationRequest(): GraphRequest {
  return { path: "/organization", query: { $select: "id,displayName,verifiedDomains" } };
}
