import type { AnyRule } from "../types.js";
import { inboxRuleAfterRiskySignIn } from "./inbox-rule-after-risky-sign-in.js";
import { inboxRuleExternalForward } from "./inbox-rule-external-forward.js";
import { inboxRuleHiddenFromGraph } from "./inbox-rule-hidden-from-graph.js";
import { inboxRuleHiding } from "./inbox-rule-hiding.js";
import { inboxRuleObfuscatedName } from "./inbox-rule-obfuscated-name.js";
import { mailItemsAccessedAnomaly } from "./mail-items-accessed-anomaly.js";
import { mailboxDelegation } from "./mailbox-delegation.js";
import { mailboxForwarding } from "./mailbox-forwarding.js";

/** Sorted by id. */
export const mailboxRules: readonly AnyRule[] = [
  inboxRuleAfterRiskySignIn,
  inboxRuleExternalForward,
  inboxRuleHiddenFromGraph,
  inboxRuleHiding,
  inboxRuleObfuscatedName,
  mailItemsAccessedAnomaly,
  mailboxDelegation,
  mailboxForwarding,
];
