import { describe } from "node:test";
import { firstPartyToolAbuse } from "../../../src/rules/sign-ins/first-party-tool-abuse.js";
import { TEST_USER, makeEvidence, ok } from "../../helpers/evidence.js";
import { APPS, ATTACKER_ASN, ATTACKER_IP, PLACES, RESOURCES, T0, at, baselineOf, betaSignIn, failedStatus, runCases, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof firstPartyToolAbuse.defaultOptions;

const baseline = ok(baselineOf());
const cliToGraph = betaSignIn({ ...APPS.azureCli, ...RESOURCES.graph, clientAppUsed: "Mobile Apps and Desktop clients" });

const cases: Case<O>[] = [
  {
    name: "Azure CLI to Microsoft Graph for a user who never used it",
    evidence: makeEvidence({ signIns: ok([betaSignIn(), cliToGraph]), signInBaseline: baseline }),
    expect: {
      count: 1,
      minConfidence: 0.65,
      maxConfidence: 0.65,
      title: /Microsoft Azure CLI token for Microsoft Graph/,
      matched: /^04b07795-8ddb-461a-bbee-02f9e1bf7b46 \|/,
      explanation: /never used in 60 baseline sign-ins/,
      evidenceIds: [cliToGraph.id],
    },
  },
  {
    name: "redeemed from a new country (ConsentFix) is stronger",
    evidence: makeEvidence({
      signIns: ok([betaSignIn({ ...APPS.azureCli, ...RESOURCES.graph, ipAddress: ATTACKER_IP, autonomousSystemNumber: ATTACKER_ASN, location: PLACES.lagos, isInteractive: false })]),
      signInBaseline: baseline,
    }),
    expect: { count: 1, minConfidence: 0.84, adjustment: /From a new country/, ips: [ATTACKER_IP] },
  },
  {
    name: "Azure CLI to Azure Resource Manager is ordinary admin work",
    evidence: makeEvidence({
      signIns: ok([betaSignIn({ ...APPS.azureCli, resourceId: "797f4846-ba00-4fd7-ba43-dac1f8f63013", resourceDisplayName: "Windows Azure Service Management API" })]),
      signInBaseline: baseline,
    }),
    expect: { count: 0 },
  },
  {
    name: "a FOCI app (Teams) to the legacy AAD Graph",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ...APPS.teams, ...RESOURCES.aadGraph })]), signInBaseline: baseline }),
    expect: { count: 1, title: /Microsoft Teams token for Windows Azure Active Directory/ },
  },
  {
    name: "a FOCI app to Microsoft Graph is normal",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ...APPS.teams, ...RESOURCES.graph })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "a developer who used the tool before is not flagged",
    evidence: makeEvidence({
      signIns: ok([cliToGraph]),
      signInBaseline: ok(baselineOf({ extra: [betaSignIn({ ...APPS.azureCli, ...RESOURCES.graph, createdDateTime: "2026-11-04T10:00:00Z" })] })),
    }),
    expect: { count: 0 },
  },
  {
    name: "a baseline keyed by appId is understood too",
    evidence: makeEvidence({
      signIns: ok([cliToGraph]),
      signInBaseline: ok({ ...baselineOf(), apps: { [APPS.azureCli.appId]: 4 } }),
    }),
    expect: { count: 0 },
  },
  {
    name: "v1.0 data has appId and resourceId: works",
    evidence: makeEvidence({ signIns: ok([signIn({ ...APPS.azureCli, ...RESOURCES.aadGraph })]), signInBaseline: ok(baselineOf({ beta: false })) }),
    expect: { count: 1 },
  },
  {
    name: "failed sign-ins are not tokens",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ...APPS.azureCli, ...RESOURCES.graph, ...failedStatus(50076, "Strong Authentication is required.") })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "a learning baseline halves confidence",
    evidence: makeEvidence({ signIns: ok([cliToGraph]), signInBaseline: ok(baselineOf({ days: 2, perDay: 1 })) }),
    expect: { count: 1, maxConfidence: 0.33, adjustment: /still learning/ },
  },
  {
    name: "an allow-listed app lowers confidence",
    evidence: makeEvidence({ signIns: ok([cliToGraph]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { apps: [APPS.azureCli.appId] } } },
    expect: { count: 1, maxConfidence: 0.2, adjustment: /allow-listed/ },
  },
  {
    name: "use before a password change is discounted",
    evidence: makeEvidence({ user: { ...TEST_USER, lastPasswordChangeDateTime: at(T0, 5) }, signIns: ok([cliToGraph]), signInBaseline: baseline }),
    expect: { count: 1, maxConfidence: 0.33, adjustment: /password change/ },
  },
];

describe("first-party-tool-abuse", () => runCases(firstPartyToolAbuse, cases));
