/**
 * The organisation itself: tenant id, verified domains, offices with their egress addresses, the
 * corporate VPN, and the conditional access policies.
 */
import type { GraphObject } from "../../snapshot/types.js";
import { ISPS, PLACES, type Isp, type Place } from "./catalog/places.js";
import type { Network, Office, TenantInfo } from "./model.js";
import type { ResolvedOptions } from "./context.js";
import { Rng } from "./random.js";
import { isoSeconds, DAY } from "./time.js";

/** Users per NAT address at an office or VPN egress: enough addresses that one address never looks like a spray source. */
const USERS_PER_EGRESS_IP = 40;

/** Consecutive addresses from a block, one /24 after another: "212.36.160.3", ... */
function addressPool(firstTwo: string, thirdOctet: number, count: number): { ips: string[]; cidrs: string[] } {
  const ips: string[] = [];
  for (let i = 0; i < count; i++) ips.push(`${firstTwo}.${thirdOctet + Math.floor(i / 250)}.${(i % 250) + 3}`);
  const blocks = Math.max(1, Math.ceil(count / 250));
  const cidrs = Array.from({ length: blocks }, (_, b) => `${firstTwo}.${thirdOctet + b}.0/24`);
  return { ips, cidrs };
}

function egress(kind: Network["kind"], place: Place, isp: Isp, firstTwo: string, third: number, users: number) {
  const { ips, cidrs } = addressPool(firstTwo, third, Math.max(2, Math.ceil(users / USERS_PER_EGRESS_IP)));
  return { network: { kind, place, isp, ips } satisfies Network, cidrs };
}

/** Share of the directory per office; the corporate VPN is used by some of the GB staff. */
export const OFFICE_SHARE = { london: 0.55, manchester: 0.3, munich: 0.15 } as const;
export const VPN_SHARE_OF_GB = 0.4;

export function buildTenant(options: ResolvedOptions): TenantInfo {
  const rng = Rng.derive(options.seed, "tenant");
  const office = (name: string, place: Place, isp: Isp, firstTwo: string, third: number, share: number): Office => ({
    name,
    place,
    network: egress("office", place, isp, firstTwo, third, options.users * share).network,
  });
  const vpn = egress("vpn", PLACES.london, ISPS.colt, "212.36", 160, options.users * (OFFICE_SHARE.london + OFFICE_SHARE.manchester) * VPN_SHARE_OF_GB);
  return {
    tenantId: rng.guid(),
    displayName: "Contoso Demo Ltd",
    defaultDomain: "contoso-demo.example",
    subsidiaryDomain: "contoso-gmbh.example",
    initialDomain: "contosodemo.onmicrosoft.com",
    offices: {
      london: office("London HQ", PLACES.london, ISPS.bt, "195.171", 42, OFFICE_SHARE.london),
      manchester: office("Manchester", PLACES.manchester, ISPS.bt, "81.145", 168, OFFICE_SHARE.manchester),
      munich: office("München", PLACES.munich, ISPS.telekom, "62.157", 140, OFFICE_SHARE.munich),
    },
    vpn: vpn.network,
    vpnCidrs: vpn.cidrs,
    policies: {
      requireMfa: rng.guid(),
      blockLegacy: rng.guid(),
      signInRisk: rng.guid(),
      userRisk: options.userRiskPolicy ? rng.guid() : undefined,
    },
    mfaExclusionGroupId: rng.guid(),
    graphServicePrincipalId: rng.guid(),
  };
}

export function organizationObject(tenant: TenantInfo, nowMs: number): GraphObject {
  const domain = (name: string, isDefault: boolean, isInitial: boolean) => ({
    capabilities: "Email, OfficeCommunicationsOnlineService",
    isDefault,
    isInitial,
    name,
    type: "Managed",
  });
  return {
    id: tenant.tenantId,
    displayName: tenant.displayName,
    createdDateTime: isoSeconds(nowMs - 2100 * DAY),
    countryLetterCode: "GB",
    city: "London",
    street: "1 Example Street",
    postalCode: "EC1A 1AA",
    preferredLanguage: "en",
    tenantType: "AAD",
    onPremisesSyncEnabled: null,
    technicalNotificationMails: [`it-security@${tenant.defaultDomain}`],
    verifiedDomains: [
      domain(tenant.defaultDomain, true, false),
      domain(tenant.subsidiaryDomain, false, false),
      domain(tenant.initialDomain, false, true),
    ],
  };
}

function policy(id: string, displayName: string, state: string, createdMs: number, conditions: GraphObject, grant: string[]): GraphObject {
  return {
    id,
    templateId: null,
    displayName,
    createdDateTime: isoSeconds(createdMs),
    modifiedDateTime: isoSeconds(createdMs + 40 * DAY),
    state,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ["all"],
      servicePrincipalRiskLevels: [],
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [] },
      users: { includeUsers: ["All"], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
      ...conditions,
    },
    grantControls: { operator: grant.includes("passwordChange") ? "AND" : "OR", builtInControls: grant, customAuthenticationFactors: [], termsOfUse: [] },
    sessionControls: null,
  };
}

/**
 * MFA for everyone (minus an exclusion group), legacy-auth blocking left in report-only (the gap
 * the legacy scenarios use), a sign-in-risk policy, and a user-risk policy only when asked for, so
 * the tenant-level "no user-risk policy" finding fires by default.
 */
export function conditionalAccessPolicies(tenant: TenantInfo, nowMs: number): GraphObject[] {
  const allUsersExcept = { includeUsers: ["All"], excludeUsers: [], includeGroups: [], excludeGroups: [tenant.mfaExclusionGroupId], includeRoles: [], excludeRoles: [] };
  const policies = [
    policy(tenant.policies.requireMfa, "Require MFA for all users", "enabled", nowMs - 900 * DAY, { users: allUsersExcept, clientAppTypes: ["browser", "mobileAppsAndDesktopClients"] }, ["mfa"]),
    policy(tenant.policies.blockLegacy, "Block legacy authentication", "enabledForReportingButNotEnforced", nowMs - 400 * DAY, { clientAppTypes: ["exchangeActiveSync", "other"] }, ["block"]),
    policy(tenant.policies.signInRisk, "Sign-in risk: require MFA for medium and high", "enabled", nowMs - 300 * DAY, { signInRiskLevels: ["high", "medium"] }, ["mfa"]),
  ];
  if (tenant.policies.userRisk) {
    policies.push(policy(tenant.policies.userRisk, "User risk: require password change for high", "enabled", nowMs - 300 * DAY, { userRiskLevels: ["high"] }, ["mfa", "passwordChange"]));
  }
  return policies;
}
