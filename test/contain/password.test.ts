import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePassword, PASSWORD_CLASSES, PASSWORD_LENGTH } from "../../src/contain/password.js";

describe("generatePassword", () => {
  it("is long, has every character class, and no look-alike or quoting characters", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const password = generatePassword();
      assert.equal(password.length, PASSWORD_LENGTH);
      assert.ok(PASSWORD_LENGTH >= 20);
      for (const set of PASSWORD_CLASSES) assert.ok([...password].some((c) => set.includes(c)), `${password} lacks one of ${set}`);
      assert.doesNotMatch(password, /[0O1lI5S2Zo'"`\\ ]/);
      seen.add(password);
    }
    assert.equal(seen.size, 500, "no repeats");
  });

  it("refuses a length that cannot hold every class", () => {
    assert.throws(() => generatePassword(3), RangeError);
  });
});
