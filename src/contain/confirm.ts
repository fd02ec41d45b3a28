import { createInterface } from "node:readline";

/** The first line typed on `input`, or undefined if it ends first. */
export function readLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
    let answered = false;
    lines.once("line", (line) => {
      answered = true;
      lines.close();
      resolve(line);
    });
    lines.once("close", () => {
      if (!answered) resolve(undefined);
    });
  });
}

/** CIPP's safeguard: the operator types the user's UPN back, so a slip of the shell history cannot contain the wrong account. */
export function confirmsUpn(typed: string | undefined, userPrincipalName: string): boolean {
  return typed !== undefined && typed.trim().toLowerCase() === userPrincipalName.toLowerCase();
}
