import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parseConfig } from "../../src/config/load-config.js";
import type { GraphConnection } from "../../src/contain/connect.js";
import type { ContainIo, ContainOptions } from "../../src/contain/run-contain.js";
import { createGraphGateway } from "../../src/graph/gateway.js";
import { resolveGraphSettings } from "../../src/graph/settings.js";
import { SNAPSHOT_FORMAT, type GraphObject, type TenantSnapshot } from "../../src/snapshot/types.js";
import { startSimulator, type SimulatorHandle } from "../../src/simulator/server.js";
import { DEFAULT_GRANTED_PERMISSIONS } from "../../src/simulator/auth/permissions.js";

export const ALICE = {
  id: "5b1d6e0f-2c4a-4d8b-9e3f-7a6c5b4d3e2f",
  upn: "alice@fabrikam.example",
};
export const RULES = { forward: "AQAAAK7xQ3E=", newsletters: "AQAAAJ5dZp8=" };
export const METHODS = {
  password: "28c10230-6103-485e-b985-444c60001490",
  phone: "3179e48a-750b-4051-897c-87b9720928f7",
  authenticator: "6b2f0a1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
};
export const BEFORE = "2025-01-10T09:00:00Z";
const TIME_SCALE = 0.01;

/** One user, two inbox rules (an attacker's forward and a benign one), a phone and an authenticator. */
export function containSnapshot(overrides: GraphObject = {}): TenantSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    capturedAt: "2025-03-04T06:00:00Z",
    organization: { id: "3c2b1a09-8f7e-4d6c-b5a4-938271605f4e", displayName: "Fabrikam", verifiedDomains: [{ name: "fabrikam.example", isDefault: true }] },
    licenses: { entraIdP1: true, entraIdP2: true, defender: true, auditLogQuery: true },
    users: [
      {
        id: ALICE.id,
        userPrincipalName: ALICE.upn,
        displayName: "Alice Example",
        mail: ALICE.upn,
        accountEnabled: true,
        userType: "Member",
        onPremisesSyncEnabled: null,
        createdDateTime: "2023-05-01T08:00:00Z",
        lastPasswordChangeDateTime: BEFORE,
        signInSessionsValidFromDateTime: BEFORE,
        ...overrides,
      },
    ],
    mailboxes: {
      [ALICE.id]: {
        messageRules: [
          {
            id: RULES.forward,
            displayName: ".",
            sequence: 1,
            isEnabled: true,
            hasError: false,
            isReadOnly: false,
            conditions: { bodyOrSubjectContains: ["invoice", "payment"] },
            actions: { markAsRead: true, stopProcessingRules: true, forwardTo: [{ emailAddress: { name: "accounts", address: "acct-team@outlook-mail.example" } }] },
          },
          {
            id: RULES.newsletters,
            displayName: "Newsletters",
            sequence: 2,
            isEnabled: true,
            hasError: false,
            isReadOnly: false,
            conditions: { senderContains: ["news@"] },
            actions: { moveToFolder: "AAMkADNews=", stopProcessingRules: false },
          },
        ],
      },
    },
    authenticationMethods: {
      [ALICE.id]: [
        { "@odata.type": "#microsoft.graph.passwordAuthenticationMethod", id: METHODS.password, password: null, createdDateTime: null },
        { "@odata.type": "#microsoft.graph.phoneAuthenticationMethod", id: METHODS.phone, phoneNumber: "+44 7700900123", phoneType: "mobile", smsSignInState: "notAllowedByPolicy" },
        {
          "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
          id: METHODS.authenticator,
          displayName: "Pixel 8",
          deviceTag: "SoftwareTokenActivated",
          phoneAppVersion: "6.2503.1234",
          createdDateTime: "2025-03-01T22:20:41Z",
        },
      ],
    },
  };
}

export async function startContainSimulator(options: { grantedPermissions?: string[]; snapshot?: TenantSnapshot } = {}): Promise<SimulatorHandle> {
  return startSimulator({ snapshot: options.snapshot ?? containSnapshot(), timeScale: TIME_SCALE, grantedPermissions: options.grantedPermissions });
}

export function permissionsWithout(permission: string): string[] {
  return DEFAULT_GRANTED_PERMISSIONS.filter((p) => p !== permission);
}

/** A gateway to the simulator, as the CLI builds one to real Graph (only URLs and CA differ). */
export function simulatorConnection(sim: SimulatorHandle, counter?: { opened: number }): () => Promise<GraphConnection> {
  return async () => {
    if (counter) counter.opened++;
    const env = {
      AZURE_TENANT_ID: sim.tenantId,
      AZURE_CLIENT_ID: sim.clientId,
      AZURE_CLIENT_SECRET: sim.clientSecret,
      AZURE_AUTHORITY_HOST: sim.authorityHost,
      PHISHTRAIL_GRAPH_URL: sim.baseUrl,
    };
    const gateway = createGraphGateway(resolveGraphSettings(parseConfig({}, "(test)"), env), { timeScale: TIME_SCALE, caCertPem: sim.caCertPem });
    return { gateway, close: () => gateway.close() };
  };
}

export interface Captured {
  io: ContainIo;
  output(): string;
}

export function captureIo(connect: () => Promise<GraphConnection>, options: { stdin?: string; stdinIsTTY?: boolean; stdoutIsTTY?: boolean } = {}): Captured {
  let text = "";
  return {
    io: {
      stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      stdinIsTTY: options.stdinIsTTY ?? false,
      stdout: { write: (chunk) => void (text += chunk), isTTY: options.stdoutIsTTY ?? false },
      connect,
    },
    output: () => text,
  };
}

export function tempRoot(): string {
  return mkdtempSync(join(tmpdir(), "phishtrail-contain-"));
}

export function options(outputRoot: string, partial: Partial<ContainOptions> & Partial<ContainOptions["actions"]> = {}): ContainOptions {
  return {
    user: partial.user ?? ALICE.upn,
    actions: {
      revokeSessions: partial.revokeSessions ?? false,
      resetPassword: partial.resetPassword ?? false,
      disable: partial.disable ?? false,
      removeRules: partial.removeRules ?? [],
      removeMethods: partial.removeMethods ?? [],
    },
    fromReport: partial.fromReport,
    apply: partial.apply ?? false,
    yes: partial.yes ?? false,
    out: partial.out,
    outputRoot: join(outputRoot, "output"),
    passwordFile: partial.passwordFile,
  };
}

/** Every action at once: the full containment of the test user. */
export const EVERYTHING = {
  revokeSessions: true,
  resetPassword: true,
  disable: true,
  removeRules: [RULES.forward],
  removeMethods: [METHODS.authenticator, METHODS.phone],
};

/** Every file under a folder (recursively), for "nothing written" and "no leak" checks. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export function readLog(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function writeRequests(sim: SimulatorHandle): string[] {
  return sim.requests.filter((r) => r.version !== null && r.method !== "GET").map((r) => `${r.method} ${r.path}`);
}

export function userState(sim: SimulatorHandle): GraphObject {
  return sim.state.users![0];
}
