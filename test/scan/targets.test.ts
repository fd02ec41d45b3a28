import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { InputError } from "../../src/lib/errors.js";
import { readUsersFile, resolveTargets } from "../../src/scan/targets.js";

function usersFile(text: string, name = "users.txt"): string {
  const path = join(mkdtempSync(join(tmpdir(), "pt-users-")), name);
  writeFileSync(path, text);
  return path;
}

test("plain list: comments and blanks skipped, duplicates removed case-insensitively", () => {
  const path = usersFile("# victims\nadele@contoso.com\n\nALEX@contoso.com\nadele@CONTOSO.com\n");
  assert.deepEqual(resolveTargets({ usersFile: path }), { mode: "users", users: ["adele@contoso.com", "ALEX@contoso.com"] });
});

test("CSV with a userPrincipalName column (any position, any case)", () => {
  const path = usersFile("displayName,UserPrincipalName\n\"Vance, Adele\",adele@contoso.com\nAlex,alex@contoso.com\n", "u.csv");
  assert.deepEqual(readUsersFile(path), ["adele@contoso.com", "alex@contoso.com"]);
});

test("object ids are accepted", () => {
  assert.deepEqual(resolveTargets({ user: ["5b1d6e0f-2c4a-4d8b-9e3f-7a6c5b4d3e2f"] }), {
    mode: "users",
    users: ["5b1d6e0f-2c4a-4d8b-9e3f-7a6c5b4d3e2f"],
  });
});

const bad: { name: string; make: () => Parameters<typeof resolveTargets>[0]; expect: RegExp }[] = [
  { name: "no targets", make: () => ({}), expect: /needs targets/ },
  { name: "--all with --user", make: () => ({ all: true, user: ["a@b.com"] }), expect: /cannot be combined/ },
  { name: "not a UPN", make: () => ({ user: ["adele"] }), expect: /--user: "adele" is not a user principal name/ },
  { name: "bad line names file and line", make: () => ({ usersFile: usersFile("a@contoso.com\n=cmd|calc\n") }), expect: /users\.txt: line 2: "=cmd\|calc"/ },
  { name: "missing file", make: () => ({ usersFile: "/nope/users.txt" }), expect: /users\.txt: users file not found/ },
  { name: "empty file", make: () => ({ usersFile: usersFile("# nothing\n") }), expect: /names no users/ },
  { name: "empty CSV cell", make: () => ({ usersFile: usersFile("userPrincipalName,x\n,1\n", "e.csv") }), expect: /line 2: empty userPrincipalName/ },
];
for (const c of bad) {
  test(`bad targets: ${c.name}`, () => {
    assert.throws(() => resolveTargets(c.make()), (e: unknown) => e instanceof InputError && c.expect.test(e.message));
  });
}
