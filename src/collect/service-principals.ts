import type { GraphObject } from "../snapshot/types.js";
import type { CollectContext } from "./context.js";
import type { FetchMany } from "./mailbox.js";
import { servicePrincipalRequest } from "./sources/oauth-grants.js";
import { resourceOf } from "./stream.js";

/**
 * Client apps of consent grants (name, publisher, verified publisher, owner tenant), read once
 * per run however many users consented to the same app.
 */
export class ServicePrincipals {
  readonly #loaded = new Map<string, Promise<GraphObject | undefined>>();
  #warned = false;

  constructor(
    private readonly ctx: CollectContext,
    private readonly fetchMany: FetchMany,
  ) {}

  /** Looks up the ids not seen before (in one go) and returns all of the requested ones. */
  async get(ids: string[]): Promise<Map<string, GraphObject>> {
    const fresh = [...new Set(ids.map((id) => id.toLowerCase()))].filter((id) => !this.#loaded.has(id));
    if (fresh.length > 0) {
      const answers = this.fetchMany(fresh.map((id) => ({ key: id, ...servicePrincipalRequest(id) })));
      for (const id of fresh) {
        this.#loaded.set(
          id,
          answers.then((all) => {
            const answer = all.get(id);
            if (answer?.ok) {
              const sp = resourceOf(answer.body);
              this.ctx.evidence.add("servicePrincipals", sp);
              return sp;
            }
            if (answer && answer.failure.status !== 404 && !this.#warned) {
              this.#warned = true;
              this.ctx.warnings.push(`consented apps could not be named (${answer.failure.code}): grant Application.Read.All to see app names and publishers`);
            }
            return undefined;
          }),
        );
      }
    }
    const out = new Map<string, GraphObject>();
    for (const id of ids) {
      const sp = await this.#loaded.get(id.toLowerCase());
      if (sp) out.set(id, sp);
    }
    return out;
  }
}
