/**
 * Tenant-wide facts derived once per run from every collected user (and peer sign-ins), shared by
 * rules: password-spray IPs, phones or forwarding targets used by several users.
 * (Owned by the rules work; this is the contract.)
 */
export interface SprayIp {
  ip: string;
  /** Distinct users failing from the IP in the densest bin. */
  distinctUsers: number;
  firstSeen: string;
  lastSeen: string;
  /** The detection that qualified it, e.g. ">= 5 users failing 50126/50053/50055 within 20 min". */
  basis: string;
}

export interface TenantFacts {
  sprayIps: Map<string, SprayIp>;
  /** Normalised phone number -> user ids registering it. */
  phoneOwners: Map<string, string[]>;
  /** Lower-cased forwarding address -> user ids whose rules forward there. */
  forwardingOwners: Map<string, string[]>;
  /** Accepted (verified) domains, lower-case; empty if organization was not collected. */
  acceptedDomains: Set<string>;
}
