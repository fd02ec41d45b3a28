import { mfaPhoneShared } from "../../../src/rules/mfa/mfa-phone-shared.js";
import { TEST_USER, emptyFacts, ok } from "../../helpers/evidence.js";
import { authMethod, makeEvidence, runCases, type Case } from "../mailbox/graph-shaped.js";

type O = typeof mfaPhoneShared.defaultOptions;
const phone = (number: string, phoneType = "mobile") =>
  authMethod({ id: "3179e48a-750b-4051-897c-87b9720928f7", kind: "phone", odataType: "#microsoft.graph.phoneAuthenticationMethod", phoneNumber: number, phoneType });
const owners = (key: string, ids: string[]) => ({ facts: emptyFacts({ phoneOwners: new Map([[key, ids]]) }) });

const cases: Case<O>[] = [
  {
    name: "mobile shared with one other user",
    evidence: makeEvidence({ authMethods: ok([phone("+1 425-555-0100")]) }),
    context: owners("+14255550100", [TEST_USER.id, "u-2"]),
    expect: { count: 1, minConfidence: 0.49, maxConfidence: 0.51, entities: { phones: ["+14255550100"] }, explanation: /u-2/ },
  },
  {
    name: "shared by three users is stronger",
    evidence: makeEvidence({ authMethods: ok([phone("+1 4255550100")]) }),
    context: owners("+14255550100", [TEST_USER.id, "u-2", "u-3"]),
    expect: { count: 1, minConfidence: 0.7 },
  },
  {
    name: "shared office line is discounted",
    evidence: makeEvidence({ authMethods: ok([phone("+1 4255550100", "office")]) }),
    context: owners("+14255550100", [TEST_USER.id, "u-2"]),
    expect: { count: 1, maxConfidence: 0.21, adjustment: /office phone/ },
  },
  {
    name: "number only this user has is quiet",
    evidence: makeEvidence({ authMethods: ok([phone("+1 4255550100")]) }),
    context: owners("+14255550100", [TEST_USER.id]),
    expect: { count: 0 },
  },
  {
    name: "shared number that is not on this user is quiet",
    evidence: makeEvidence({ authMethods: ok([phone("+44 7700900123")]) }),
    context: owners("+14255550100", ["u-2", "u-3"]),
    expect: { count: 0 },
  },
  {
    name: "no phone methods",
    evidence: makeEvidence({ authMethods: ok([authMethod()]) }),
    context: owners("+14255550100", [TEST_USER.id, "u-2"]),
    expect: { count: 0 },
  },
];

runCases(mfaPhoneShared, cases);
