import type { Config } from "../config/schema.js";
import { createCredential } from "../graph/credential.js";
import { createGraphGateway } from "../graph/gateway.js";
import { resolveGraphSettings, type GraphSettings } from "../graph/settings.js";
import { trustedCertificates } from "../graph/tls.js";
import { messageOf } from "../lib/errors.js";
import { registerSecret } from "../lib/log.js";
import { openDataSource, type SourceRequest } from "../scan/data-source.js";
import { probeLicences, type LicenceProbe } from "./probes.js";
import { CONTAINMENT_ROWS, EXTRA_ROWS, leastPrivilegeSet, SCAN_ROWS, satisfiedBy, type PermissionRow } from "./requirements.js";
import { readTokenClaims, type TokenClaims } from "./token-claims.js";

export interface RowCheck {
  row: PermissionRow;
  /** The granted choice that satisfies the row (its permission or an alternative). */
  grantedBy?: string;
  /** n/a: the source needs no licence; unknown: the probe was refused for another reason. */
  licence: "ok" | "missing" | "unknown" | "n/a";
  probe?: LicenceProbe;
  usable: boolean;
  /** What to do, when not usable. */
  fix?: string;
}

export interface DoctorResult {
  graphUrl: string;
  cloud: string;
  credentialKind: string;
  /** Undefined when a token was obtained. */
  credentialError?: string;
  claims?: TokenClaims;
  scan: RowCheck[];
  extras: RowCheck[];
  containment: RowCheck[];
  /** Least-privilege application permissions for scanning (and doctor), and what containment adds. */
  readOnlySet: string[];
  containmentSet: string[];
  /** Every scan source usable: exit 0. */
  ok: boolean;
}

/** Rows that share another row's probe (peer sign-ins are sign-ins). */
const SAME_PROBE: Record<string, string> = { peerSignIns: "signIns" };

function grantFix(row: PermissionRow): string {
  const also = row.alternatives.length ? ` (or ${row.alternatives.join(", ")})` : "";
  return `grant the application permission ${row.permission}${also} and admin consent`;
}

function checkRow(row: PermissionRow, claims: TokenClaims | undefined, probes: readonly LicenceProbe[] | undefined): RowCheck {
  const grantedBy = claims ? satisfiedBy(row, claims.permissions) : undefined;
  const probe = probes?.find((p) => p.source === (SAME_PROBE[row.name] ?? row.name));
  const licence: RowCheck["licence"] = !row.licence ? "n/a" : probe?.state ?? "unknown";
  const usable = grantedBy !== undefined && licence !== "missing";
  const fixes = [grantedBy === undefined ? grantFix(row) : undefined, licence === "missing" ? (probe?.message ?? `the tenant needs ${row.licence}`) : undefined].filter(Boolean);
  return { row, grantedBy, licence, probe, usable, ...(fixes.length ? { fix: fixes.join("; ") } : {}) };
}

async function acquireClaims(settings: GraphSettings, caCertPem: string | undefined): Promise<{ claims?: TokenClaims; error?: string }> {
  const credential = createCredential(settings, trustedCertificates(settings.caCertificatePaths, caCertPem));
  try {
    const token = await credential.getToken(settings.scope);
    if (!token) return { error: "the credential returned no token" };
    const claims = readTokenClaims(token.token);
    return claims ? { claims } : { error: "the access token is not a JWT, so its permissions cannot be read" };
  } catch (error) {
    return { error: messageOf(error) };
  }
}

/**
 * Gets a token with the configured credential (or the embedded simulator's), reads the permissions
 * it carries, probes each licensed source once, and checks both against what every scan source and
 * containment action needs.
 */
export async function runDoctor(request: SourceRequest, config: Config, env: NodeJS.ProcessEnv, now: Date): Promise<DoctorResult> {
  const source = await openDataSource(request, config, env, now);
  try {
    registerSecret(source.env.AZURE_CLIENT_SECRET);
    const settings = resolveGraphSettings(config, source.env);
    const { claims, error } = await acquireClaims(settings, source.caCertPem);
    let probes: LicenceProbe[] | undefined;
    if (claims) {
      const gateway = createGraphGateway(settings, { timeScale: source.timeScale, caCertPem: source.caCertPem });
      try {
        probes = await probeLicences(gateway);
      } finally {
        await gateway.close();
      }
    }
    const scan = SCAN_ROWS.map((row) => checkRow(row, claims, probes));
    const readOnlySet = leastPrivilegeSet([...SCAN_ROWS, ...EXTRA_ROWS]);
    return {
      graphUrl: settings.graphUrl,
      cloud: settings.cloud,
      credentialKind: settings.credential.kind,
      ...(error ? { credentialError: error } : {}),
      ...(claims ? { claims } : {}),
      scan,
      extras: EXTRA_ROWS.map((row) => checkRow(row, claims, probes)),
      containment: CONTAINMENT_ROWS.map((row) => checkRow(row, claims, probes)),
      readOnlySet,
      containmentSet: leastPrivilegeSet(CONTAINMENT_ROWS).filter((p) => !readOnlySet.includes(p)),
      ok: claims !== undefined && scan.every((c) => c.usable),
    };
  } finally {
    await source.close();
  }
}
