/**
 * The generator's own picture of the tenant, from which the Graph objects are written: who each
 * person is, where and on what they work, and the collections the snapshot is assembled from.
 */
import type { GraphObject, SnapshotMailbox } from "../../snapshot/types.js";
import type { Place, Isp } from "./catalog/places.js";
import type { DeviceCombo } from "./catalog/devices.js";

export type HomeCountry = "GB" | "DE";

/** A source of sign-ins: a city, a provider and the addresses seen from it. */
export interface Network {
  kind: "office" | "home" | "vpn" | "mobile" | "hotel" | "attacker";
  place: Place;
  isp: Isp;
  ips: string[];
}

export interface Office {
  name: string;
  place: Place;
  network: Network;
}

export interface Trip {
  destination: Place;
  network: Network;
  /** Last moment at home before the flight, first moment at the destination, and back. */
  departMs: number;
  arriveMs: number;
  leaveMs: number;
  returnMs: number;
}

export type Role = "staff" | "admin" | "printer" | "service" | "guest";

export interface UserDevices {
  /** The corporate laptop: a browser and the Office/Teams desktop apps. */
  laptopBrowser?: DeviceCombo;
  laptopApps?: DeviceCombo;
  phone?: DeviceCombo;
  personal?: DeviceCombo;
}

export interface DemoUser {
  index: number;
  id: string;
  userPrincipalName: string;
  mail: string;
  displayName: string;
  givenName: string;
  surname: string;
  domain: string;
  country: HomeCountry;
  role: Role;
  department: string | null;
  jobTitle: string | null;
  office: Office;
  homePlace: Place;
  /** Home broadband addresses; the lease changes once in a while. */
  homeIps: { ip: string; fromMs: number }[];
  homeIsp: Isp;
  mobile: Network | null;
  devices: UserDevices;
  /** Share of sign-ins relative to the tenant rate (1 = average). */
  activity: number;
  createdMs: number;
  /** A password change inside the history, if any. */
  passwordChangedMs?: number;
  /** When the account was disabled (leavers); undefined while active. */
  disabledMs?: number;
  /** Weekdays (1 = Monday) spent in the office. */
  officeDays: number[];
  usesVpn: boolean;
  trip?: Trip;
  mfaRegistered: boolean;
  /** Member of the group excluded from the MFA conditional access policy. */
  mfaExcluded: boolean;
  newStarter: boolean;
  bulkSender: boolean;
  /** Set when a scenario happens to this user; benign noise is kept off them. */
  scenario?: string;
  /** Authentication methods as Graph lists them; scenarios add and remove. */
  methods: GraphObject[];
  /** Mailbox contents plus the generator's folder-id lookup and the mailbox's id prefix. */
  mailbox?: Required<SnapshotMailbox> & { folderIds: Record<string, string>; key: string };
  /** Latest sign-ins, for user.signInActivity. */
  lastSignIn: { interactive?: [number, string]; nonInteractive?: [number, string]; success?: [number, string] };
  /** Recipient object for mail, shared by reference. */
  recipient: GraphObject;
}

export interface Collections {
  signIns: GraphObject[];
  directoryAudits: GraphObject[];
  auditLogRecords: GraphObject[];
  alerts: GraphObject[];
  riskyUsers: GraphObject[];
  riskDetections: GraphObject[];
  servicePrincipals: GraphObject[];
  oauth2PermissionGrants: GraphObject[];
}

export interface TenantInfo {
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  subsidiaryDomain: string;
  initialDomain: string;
  offices: { london: Office; manchester: Office; munich: Office };
  vpn: Network;
  vpnCidrs: string[];
  /** Conditional access policy ids by purpose. */
  policies: { requireMfa: string; blockLegacy: string; signInRisk: string; userRisk?: string };
  mfaExclusionGroupId: string;
  graphServicePrincipalId: string;
}
