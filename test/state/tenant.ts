import { SNAPSHOT_FORMAT, type GraphObject, type TenantSnapshot } from "../../src/snapshot/types.js";
import { DAY_MS, HOUR_MS, iso } from "./support.js";

/**
 * A small hand-built tenant in Graph's shapes: a handful of people who sign in from home (London)
 * twice a day for the 40 days before `start`, with MFA registered and nothing suspicious. Tests add
 * attacks on top and move time forward with `signInsBetween`.
 */
export const ORG_ID = "7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
export const DOMAIN = "fabrikam-nightly.example";
const HOME = { ip: "81.2.69.", country: "GB", city: "London", asn: 2856, lat: 51.5074, lon: -0.1278 };

export interface Person {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

export const PEOPLE: Person[] = ["ada", "ben", "cai", "dee", "eli"].map((name, i) => ({
  id: `0000000${i + 1}-aaaa-4bbb-8ccc-00000000000${i + 1}`,
  userPrincipalName: `${name}@${DOMAIN}`,
  displayName: name[0].toUpperCase() + name.slice(1),
}));

export function user(person: Person): GraphObject {
  return {
    id: person.id,
    displayName: person.displayName,
    userPrincipalName: person.userPrincipalName,
    mail: person.userPrincipalName,
    accountEnabled: true,
    userType: "Member",
    createdDateTime: "2024-01-01T09:00:00Z",
    usageLocation: "GB",
    lastPasswordChangeDateTime: "2025-01-01T09:00:00Z",
    signInSessionsValidFromDateTime: "2025-01-01T09:00:00Z",
  };
}

export interface Origin {
  ip: string;
  country: string;
  city: string;
  asn: number;
  lat: number;
  lon: number;
}

export function signIn(person: Person, at: number, id: string, origin: Origin, extra: GraphObject = {}): GraphObject {
  return {
    id,
    createdDateTime: iso(at),
    userDisplayName: person.displayName,
    userPrincipalName: person.userPrincipalName,
    userId: person.id,
    appId: "00000002-0000-0ff1-ce00-000000000000",
    appDisplayName: "Office 365 Exchange Online",
    ipAddress: origin.ip,
    clientAppUsed: "Browser",
    correlationId: `${id}-corr`,
    conditionalAccessStatus: "success",
    isInteractive: true,
    riskDetail: "none",
    riskLevelAggregated: "none",
    riskLevelDuringSignIn: "none",
    riskState: "none",
    riskEventTypes: [],
    riskEventTypes_v2: [],
    resourceDisplayName: "Office 365 Exchange Online",
    resourceId: "00000002-0000-0ff1-ce00-000000000000",
    status: { errorCode: 0, failureReason: "Other.", additionalDetails: "MFA requirement satisfied by claim in the token" },
    deviceDetail: { deviceId: "", displayName: null, operatingSystem: "Windows 10", browser: "Edge 120.0.0", isCompliant: false, isManaged: false, trustType: null },
    location: { city: origin.city, state: null, countryOrRegion: origin.country, geoCoordinates: { altitude: null, latitude: origin.lat, longitude: origin.lon } },
    signInEventTypes: ["interactiveUser"],
    authenticationRequirement: "multiFactorAuthentication",
    autonomousSystemNumber: origin.asn,
    authenticationDetails: [],
    ...extra,
  };
}

/** Two home sign-ins a day per person (09:00 and 15:00 UTC) for days in [from, to). */
export function signInsBetween(from: number, to: number, people: readonly Person[] = PEOPLE, origin: Partial<Origin> = {}): GraphObject[] {
  const out: GraphObject[] = [];
  const firstDay = Math.floor(from / DAY_MS) * DAY_MS;
  for (let day = firstDay; day < to; day += DAY_MS) {
    for (const [n, hour] of [9, 15].entries()) {
      const at = day + hour * HOUR_MS;
      if (at < from || at >= to) continue;
      people.forEach((person, i) => {
        const where = { ...HOME, ip: `${HOME.ip}${10 + i}`, ...origin };
        out.push(signIn(person, at, `si-${person.displayName}-${iso(at)}-${n}`, where));
      });
    }
  }
  return out;
}

export const BRAZIL: Origin = { ip: "200.160.2.3", country: "BR", city: "Sao Paulo", asn: 28573, lat: -23.55, lon: -46.63 };

/** An attacker's successful sign-in flagged high risk by Entra (Graph signIn shape). */
export function riskySignIn(person: Person, at: number, id: string, origin: Origin = { ip: "203.0.113.66", country: "NG", city: "Lagos", asn: 37148, lat: 6.45, lon: 3.39 }): GraphObject {
  return signIn(person, at, id, origin, {
    riskLevelAggregated: "high",
    riskLevelDuringSignIn: "high",
    riskState: "atRisk",
    riskEventTypes: ["unfamiliarFeatures"],
    riskEventTypes_v2: ["unfamiliarFeatures"],
    deviceDetail: { deviceId: "", displayName: null, operatingSystem: "Linux", browser: "Firefox 121.0", isCompliant: false, isManaged: false, trustType: null },
    authenticationRequirement: "singleFactorAuthentication",
  });
}

/** An inbox rule forwarding every message to an outside address (Graph messageRule shape). */
export function forwardingRule(id: string, address: string): GraphObject {
  return {
    id,
    displayName: "Sync",
    sequence: 1,
    isEnabled: true,
    hasError: false,
    isReadOnly: false,
    conditions: {},
    actions: { forwardTo: [{ emailAddress: { name: address, address } }], stopProcessingRules: true },
  };
}

/** The tenant at `capturedAt` with the given sign-ins and per-person inbox rules. */
export function tenant(capturedAt: number, signIns: GraphObject[], rules: Partial<Record<string, GraphObject[]>> = {}): TenantSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    capturedAt: iso(capturedAt),
    organization: {
      id: ORG_ID,
      displayName: "Fabrikam Nightly",
      verifiedDomains: [{ name: DOMAIN, isDefault: true, isInitial: false, type: "Managed", capabilities: "Email" }],
    },
    licenses: { entraIdP1: true, entraIdP2: true, defender: true, auditLogQuery: true, exchangeOnline: true },
    users: PEOPLE.map(user),
    signIns,
    userRegistrationDetails: PEOPLE.map((p) => ({
      id: p.id,
      userPrincipalName: p.userPrincipalName,
      userDisplayName: p.displayName,
      userType: "member",
      isAdmin: false,
      isMfaCapable: true,
      isMfaRegistered: true,
      methodsRegistered: ["microsoftAuthenticatorPush"],
      lastUpdatedDateTime: "2024-01-02T09:00:00Z",
    })),
    mailboxes: Object.fromEntries(PEOPLE.map((p) => [p.id, { messageRules: rules[p.id] ?? [], sentItems: [], inbox: [] }])),
    authenticationMethods: Object.fromEntries(
      PEOPLE.map((p) => [
        p.id,
        [
          { "@odata.type": "#microsoft.graph.passwordAuthenticationMethod", id: `pw-${p.displayName}`, createdDateTime: null },
          { "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", id: `app-${p.displayName}`, displayName: "Phone", createdDateTime: "2024-01-02T09:00:00Z" },
        ],
      ]),
    ),
  };
}

/** An inbox rule deleting finance mail: inbox-rule-hiding (Graph messageRule shape). */
export function deletingRule(id: string): GraphObject {
  return {
    id,
    displayName: "Tidy",
    sequence: 2,
    isEnabled: true,
    hasError: false,
    isReadOnly: false,
    conditions: { bodyOrSubjectContains: ["invoice", "payment"] },
    actions: { delete: true, markAsRead: true, stopProcessingRules: true },
  };
}
