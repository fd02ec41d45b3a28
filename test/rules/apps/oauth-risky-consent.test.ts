import { oauthRiskyConsent } from "../../../src/rules/apps/oauth-risky-consent.js";
import { TEST_USER, failed, ok } from "../../helpers/evidence.js";
import { T0, at, directoryAudit, makeEvidence, oauthGrant, runCases, signIn, type Case } from "../mailbox/graph-shaped.js";

type O = typeof oauthRiskyConsent.defaultOptions;
const SP = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
const FOREIGN_TENANT = "0b5ec1d3-9c8e-4f1a-a2b3-c4d5e6f70819";

const consentAudit = (time: string, scope = "Mail.Read offline_access User.Read", admin = "False") =>
  directoryAudit("Consent to application", time, {
    category: "ApplicationManagement",
    operationType: "Assign",
    initiatedByIp: "185.220.101.47",
    targets: [
      {
        id: SP,
        type: "ServicePrincipal",
        displayName: "Mail Helper Pro",
        modifiedProperties: [
          { name: "ConsentContext.IsAdminConsent", newValue: `"${admin}"` },
          { name: "ConsentAction.Permissions", newValue: `"[] => [[Id: 1MOy, ClientId: ${SP}, PrincipalId: ${TEST_USER.id}, ResourceId: 61f0, ConsentType: Principal, Scope: ${scope}, CreatedDateTime: , LastModifiedDateTime: ]]; "` },
          { name: "TargetId.ServicePrincipalNames", newValue: '"9e1c2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f"' },
        ],
      },
    ],
    additionalDetails: { "User-Agent": "Mozilla/5.0" },
  });

const cases: Case<O>[] = [
  {
    name: "offline_access + Mail.Read (Sentinel High) scores 65",
    evidence: makeEvidence({ oauthGrants: ok([oauthGrant()]) }),
    expect: { count: 1, minConfidence: 0.81, maxConfidence: 0.82, matched: /offline_access Mail\.Read/, entities: { appIds: ["9e1c2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f"] } },
  },
  {
    name: "Files.ReadWrite.All without offline_access is sensitive (40)",
    evidence: makeEvidence({ oauthGrants: ok([oauthGrant({ scopes: ["Files.ReadWrite.All", "User.Read"] })]) }),
    expect: { count: 1, minConfidence: 0.49, maxConfidence: 0.51 },
  },
  {
    name: "Mail.ReadBasic with offline_access is not Mail.Read (exact tokens)",
    evidence: makeEvidence({ oauthGrants: ok([oauthGrant({ scopes: ["Mail.ReadBasic", "offline_access", "openid", "profile"] })]) }),
    expect: { count: 0 },
  },
  {
    name: "scope as one space-separated string with a leading space, odd casing",
    evidence: makeEvidence({ oauthGrants: ok([oauthGrant({ scopes: [" mail.send OFFLINE_ACCESS user.read"] })]) }),
    expect: { count: 1, minConfidence: 0.81 },
  },
  {
    name: "low-risk scopes only (User.Read openid profile offline_access) are quiet",
    evidence: makeEvidence({ oauthGrants: ok([oauthGrant({ scopes: ["User.Read", "openid", "profile", "offline_access", "email"] })]) }),
    expect: { count: 0 },
  },
  {
    name: "resolved app without a verified publisher adds 15",
    evidence: makeEvidence({ oauthGrants: ok([oauthGrant({ verifiedPublisher: undefined, publisherName: "Unknown" })]) }),
    expect: { count: 1, minConfidence: 0.99, adjustment: /not verified/ },
  },
  {
    name: "unresolved service principal: publisher unknown, no bonus",
    evidence: makeEvidence({ oauthGrants: ok([{ id: "g", clientId: SP, consentType: "Principal", scopes: ["Mail.Read", "offline_access"] }]) }),
    expect: { count: 1, maxConfidence: 0.82 },
  },
  {
    name: "admin (AllPrincipals) grant is not user consent",
    evidence: makeEvidence({ oauthGrants: ok([oauthGrant({ consentType: "AllPrincipals" })]) }),
    expect: { count: 0 },
  },
  {
    name: "unverified publisher and a freshly created foreign multi-tenant app add 15 each",
    evidence: makeEvidence({
      oauthGrants: ok([
        oauthGrant({ scopes: ["Contacts.Read"], publisherName: "Mail Helper LLC", verifiedPublisher: "", appOwnerOrganizationId: FOREIGN_TENANT, servicePrincipalCreatedDateTime: at(T0, -60).time }),
      ]),
      directoryAudits: ok([consentAudit(T0, "Contacts.Read")]),
    }),
    expect: { count: 1, minConfidence: 0.87, adjustment: /another tenant/ },
  },
  {
    name: "consent 2 h after a risky sign-in adds 15 and the sign-in joins the evidence",
    evidence: makeEvidence({
      signIns: ok([signIn(T0, { riskLevelDuringSignIn: "medium", riskState: "atRisk", ipAddress: "185.220.101.47" })]),
      oauthGrants: ok([oauthGrant({ scopes: ["Files.Read"] })]),
      directoryAudits: ok([consentAudit(at(T0, 120).time, "Files.Read")]),
    }),
    expect: { count: 1, minConfidence: 0.68, adjustment: /after a medium-risk sign-in/, firstSeen: "2026-11-25T09:00:00.000Z" },
  },
  {
    name: "allow-listed appId lowers confidence",
    evidence: makeEvidence({ oauthGrants: ok([oauthGrant()]) }),
    context: { configInput: { allowLists: { apps: ["9E1C2D3F-4A5B-4C6D-8E7F-0A1B2C3D4E5F"] } } },
    expect: { count: 1, maxConfidence: 0.25, adjustment: /allow-listed/ },
  },
  {
    name: "consent before the window is discounted",
    evidence: makeEvidence({ oauthGrants: ok([oauthGrant()]), directoryAudits: ok([consentAudit("2026-10-30T10:00:00Z")]) }),
    expect: { count: 1, maxConfidence: 0.5, adjustment: /before the investigation window/ },
  },
  {
    name: "consent in the window whose grant is gone is still reported",
    evidence: makeEvidence({ oauthGrants: ok([]), directoryAudits: ok([consentAudit(T0)]) }),
    expect: { count: 1, maxConfidence: 0.66, adjustment: /No current grant/, entities: { appIds: ["9e1c2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f"] } },
  },
  {
    name: "admin consent audit without a grant is not user consent",
    evidence: makeEvidence({ oauthGrants: ok([]), directoryAudits: ok([consentAudit(T0, "Mail.Read offline_access", "True")]) }),
    expect: { count: 0 },
  },
  {
    name: "Microsoft first-party app is discounted",
    evidence: makeEvidence({ oauthGrants: ok([oauthGrant({ appDisplayName: "Graph Explorer", appOwnerOrganizationId: "72f988bf-86f1-41af-91ab-2d7cd011db47" })]) }),
    expect: { count: 1, maxConfidence: 0.41, adjustment: /first-party/ },
  },
  {
    name: "grant with missing scopes and app details is tolerated",
    evidence: makeEvidence({ oauthGrants: ok([{ id: "g", clientId: SP, consentType: "Principal" } as never]) }),
    expect: { count: 0 },
  },
  { name: "grants not collected", evidence: makeEvidence({ oauthGrants: failed() }), expect: { count: 0 } },
];

runCases(oauthRiskyConsent, cases);
