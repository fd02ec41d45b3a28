/**
 * Builders for rule tests: plain evidence objects, no Graph, no I/O (Lighthouse's audit tests).
 * Every source defaults to `ok` and empty so a test states only what matters to it.
 */
import type {
  Collected,
  InvestigationWindow,
  MailBaseline,
  Organization,
  SignInBaseline,
  TenantEvidence,
  UserEvidence,
  UserProfile,
} from "../../src/collect/evidence.js";
import { parseConfig } from "../../src/config/load-config.js";
import type { Config } from "../../src/config/schema.js";
import type { TenantFacts } from "../../src/derive/tenant-facts.js";
import type { RuleContext } from "../../src/rules/types.js";

export const NOW = new Date("2026-11-27T06:00:00Z");
export const WINDOW: InvestigationWindow = {
  from: "2026-11-20T06:00:00Z",
  to: "2026-11-27T06:00:00Z",
  baselineFrom: "2026-10-21T06:00:00Z",
};

export function ok<T>(value: T): Collected<T> {
  return { status: "ok", value };
}

export function failed<T>(code = "Authorization_RequestDenied", status: "error" | "unavailable" = "error"): Collected<T> {
  return { status, code, message: `test: ${code}` };
}

export function emptySignInBaseline(): SignInBaseline {
  return {
    from: WINDOW.baselineFrom,
    to: WINDOW.from,
    signIns: 0,
    successes: 0,
    activeDays: 0,
    countries: {},
    networks: {},
    ips: {},
    asns: {},
    deviceCombos: {},
    apps: {},
    clientApps: {},
    legacyClients: {},
    deviceCodeSignIns: 0,
  };
}

export function emptyMailBaseline(): MailBaseline {
  return {
    from: WINDOW.baselineFrom,
    to: WINDOW.from,
    messages: 0,
    activeDays: 0,
    dailyCounts: {},
    recipientDomains: {},
    recipients: {},
    maxRecipientsPerMessage: 0,
  };
}

export const TEST_USER: UserProfile = {
  id: "11111111-1111-1111-1111-111111111111",
  userPrincipalName: "adele@contoso.example",
  displayName: "Adele Vance",
  accountEnabled: true,
};

export function makeEvidence(overrides: Partial<UserEvidence> = {}): UserEvidence {
  return {
    user: TEST_USER,
    signIns: ok([]),
    signInBaseline: ok(emptySignInBaseline()),
    directoryAudits: ok([]),
    auditRecords: ok([]),
    inboxRules: ok([]),
    sentItems: ok([]),
    mailBaseline: ok(emptyMailBaseline()),
    mailboxSettings: ok({}),
    authMethods: ok([]),
    registration: ok(null),
    alerts: ok([]),
    riskyUser: ok(null),
    riskDetections: ok([]),
    oauthGrants: ok([]),
    coverage: [],
    ...overrides,
  };
}

export const TEST_ORGANIZATION: Organization = {
  id: "22222222-2222-2222-2222-222222222222",
  displayName: "Contoso",
  verifiedDomains: ["contoso.example", "contoso-mail.example"],
  defaultDomain: "contoso.example",
};

export function makeTenantEvidence(overrides: Partial<TenantEvidence> = {}): TenantEvidence {
  return {
    organization: ok(TEST_ORGANIZATION),
    conditionalAccessPolicies: ok([]),
    peerSignIns: ok([]),
    licenses: { entraIdP1: true, entraIdP2: true, defender: true, auditLogQuery: true },
    ...overrides,
  };
}

export function emptyFacts(overrides: Partial<TenantFacts> = {}): TenantFacts {
  return {
    sprayIps: new Map(),
    phoneOwners: new Map(),
    forwardingOwners: new Map(),
    acceptedDomains: new Set(TEST_ORGANIZATION.verifiedDomains),
    ...overrides,
  };
}

export function makeContext<O>(options: O, overrides: Partial<RuleContext<O>> & { configInput?: unknown } = {}): RuleContext<O> {
  const { configInput, ...rest } = overrides;
  const config: Config = parseConfig(configInput ?? {}, "(test)");
  return {
    now: NOW,
    window: WINDOW,
    options,
    config,
    facts: emptyFacts(),
    organization: TEST_ORGANIZATION,
    ...rest,
  };
}
