import { mfaNotRegistered } from "../../../src/rules/mfa/mfa-not-registered.js";
import { TEST_USER, failed, ok } from "../../helpers/evidence.js";
import { makeEvidence, runCases, type Case } from "../mailbox/graph-shaped.js";

type O = typeof mfaNotRegistered.defaultOptions;
const details = (overrides = {}) => ({ isMfaRegistered: false, isMfaCapable: false, isAdmin: false, methodsRegistered: [], lastUpdatedDateTime: "2026-11-26T03:12:45.1234567Z", ...overrides });

const cases: Case<O>[] = [
  { name: "no MFA registered: low-confidence context finding", evidence: makeEvidence({ registration: ok(details()) }), expect: { count: 1, maxConfidence: 0.5, matched: /isMfaRegistered = false/ } },
  { name: "registered user is quiet", evidence: makeEvidence({ registration: ok(details({ isMfaRegistered: true, methodsRegistered: ["microsoftAuthenticatorPush"] })) }), expect: { count: 0 } },
  { name: "unknown registration state (field absent) is quiet", evidence: makeEvidence({ registration: ok({ methodsRegistered: [] }) }), expect: { count: 0 } },
  { name: "user missing from the report (null) is quiet", evidence: makeEvidence({ registration: ok(null) }), expect: { count: 0 } },
  { name: "report unavailable without premium licence", evidence: makeEvidence({ registration: failed("Authentication_RequestFromNonPremiumTenantOrB2CTenant", "unavailable") }), expect: { count: 0 } },
  {
    name: "disabled account is discounted",
    evidence: makeEvidence({ user: { ...TEST_USER, accountEnabled: false }, registration: ok(details()) }),
    expect: { count: 1, maxConfidence: 0.25, adjustment: /disabled/ },
  },
  { name: "methodsRegistered missing is tolerated", evidence: makeEvidence({ registration: ok({ isMfaRegistered: false } as never) }), expect: { count: 1 } },
];

runCases(mfaNotRegistered, cases);
