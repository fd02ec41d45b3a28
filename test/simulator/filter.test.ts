import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FilterError } from "../../src/simulator/odata/filter-ast.js";
import { compileFilter } from "../../src/simulator/odata/filter-compile.js";
import { parseFilter } from "../../src/simulator/odata/filter-parser.js";
import { rule, type FilterSchema } from "../../src/simulator/odata/filter-schema.js";

const SCHEMA: FilterSchema = {
  entityType: "microsoft.graph.signIn",
  properties: {
    createdDateTime: rule.datetime(),
    userId: rule.guid(),
    userPrincipalName: rule.string("startswith"),
    "status/errorCode": rule.number(),
    "location/countryOrRegion": rule.string("startswith"),
    isInteractive: rule.boolean(),
    riskEventTypes_v2: { type: "string", ops: ["eq", "startswith"], collection: true },
    displayName: { type: "string", ops: ["eq"], advancedOps: ["ne", "endswith"] },
  },
  lambdas: {
    signInEventTypes: { quantifiers: ["any"], element: { "": rule.enum("ne") } },
    targetResources: { quantifiers: ["any", "all"], element: { id: rule.guid(), displayName: rule.string("startswith") } },
  },
  or: true,
  not: "advanced",
};

const ITEM = {
  createdDateTime: "2025-03-01T22:14:09.1234567Z",
  userId: "5B1D6E0F-2C4A-4D8B-9E3F-7A6C5B4D3E2F",
  userPrincipalName: "O'Brien@fabrikam.example",
  status: { errorCode: 50126 },
  location: { countryOrRegion: "DE" },
  isInteractive: true,
  riskEventTypes_v2: ["unfamiliarFeatures", "anonymizedIPAddress"],
  signInEventTypes: ["nonInteractiveUser"],
  targetResources: [{ id: "a1", displayName: "Mail Helper" }, { id: "b2", displayName: "Other" }],
  displayName: "Alice",
};

function matches(text: string, advanced = false): boolean {
  return compileFilter(parseFilter(text), SCHEMA, { advanced })(ITEM);
}

function refused(text: string, reason: FilterError["reason"], pattern: RegExp, advanced = false): void {
  assert.throws(
    () => compileFilter(parseFilter(text), SCHEMA, { advanced }),
    (error: unknown) => error instanceof FilterError && error.reason === reason && pattern.test(error.message),
  );
}

describe("$filter parser and evaluator", () => {
  it("compares unquoted date-time literals as instants, with 7-digit fractions", () => {
    assert.equal(matches("createdDateTime ge 2025-03-01T22:14:09Z"), true);
    assert.equal(matches("createdDateTime gt 2025-03-01T22:14:09.2Z"), false);
    assert.equal(matches("createdDateTime le 2025-03-02T00:00:00+01:00"), true);
    assert.equal(matches("createdDateTime lt 2025-03-01"), false);
  });

  it("treats strings case-insensitively and unescapes '' in literals", () => {
    assert.equal(matches("userId eq '5b1d6e0f-2c4a-4d8b-9e3f-7a6c5b4d3e2f'"), true);
    assert.equal(matches("userPrincipalName eq 'o''brien@FABRIKAM.example'"), true);
    assert.equal(matches("startswith(userPrincipalName, 'o''b')"), true);
    assert.equal(matches("startsWith(userPrincipalName,'x')"), false);
  });

  it("follows property paths and compares numbers and booleans", () => {
    assert.equal(matches("status/errorCode eq 50126 and location/countryOrRegion eq 'de'"), true);
    assert.equal(matches("status/errorCode eq 0 or isInteractive eq true"), true);
    assert.equal(matches("(status/errorCode eq 0 or isInteractive eq false) and userId eq 'x'"), false);
  });

  it("matches collection properties element-wise and evaluates any/all lambdas", () => {
    assert.equal(matches("riskEventTypes_v2 eq 'anonymizedIPAddress'"), true);
    assert.equal(matches("signInEventTypes/any(t: t eq 'nonInteractiveUser')"), true);
    assert.equal(matches("signInEventTypes/any(t: t ne 'nonInteractiveUser')"), false);
    assert.equal(matches("targetResources/any(t: t/id eq 'b2')"), true);
    assert.equal(matches("targetResources/all(t: startswith(t/displayName, 'Mail'))"), false);
    assert.equal(matches("targetResources/any()"), true);
  });

  it("accepts advanced operators only in an advanced query", () => {
    refused("displayName ne 'Bob'", "advanced", /ConsistencyLevel:eventual/);
    refused("not (displayName eq 'Bob')", "advanced", /ConsistencyLevel:eventual/);
    assert.equal(matches("displayName ne 'Bob'", true), true);
    assert.equal(matches("endswith(displayName, 'ICE')", true), true);
  });

  it("refuses what the endpoint does not document", () => {
    refused("userAgent eq 'x'", "unsupported", /Could not find a property named 'userAgent' on type 'microsoft.graph.signIn'/);
    refused("userId ne 'x'", "unsupported", /Unsupported or invalid query filter clause specified for property 'userId' of resource 'SignIn'/);
    refused("contains(userPrincipalName, 'x')", "unsupported", /userPrincipalName/);
    refused("createdDateTime ge '2025-03-01T00:00:00Z'", "unsupported", /incompatible types.*'Edm.DateTimeOffset' and 'Edm.String'.*GreaterThanOrEqual/);
    refused("status/errorCode eq '0'", "unsupported", /incompatible types/);
    refused("signInEventTypes/all(t: t eq 'x')", "unsupported", /Lambda 'all'/);
    refused("'x' eq userId", "unsupported", /left side/);
  });

  it("reports syntax errors as such", () => {
    for (const text of ["userId eq", "userId eq 'x", "(userId eq 'x'", "userId eq 'x' and", "userId == 'x'", "userId eq 'x' 'y'", ""]) {
      assert.throws(() => parseFilter(text), (error: unknown) => error instanceof FilterError && error.reason === "syntax", text);
    }
  });
});
