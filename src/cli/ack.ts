import { Command } from "commander";
import { loadConfig } from "../config/load-config.js";
import { InputError } from "../lib/errors.js";
import { parseDuration, parseIsoDate } from "../lib/time.js";
import { acknowledge } from "../state/acknowledge.js";
import { defaultStatePath } from "../state/request.js";

interface AckFlags {
  reason: string;
  until?: string;
  state?: string;
  config?: string;
}

/** `--until`: an ISO-8601 date, or a duration from now ("30d"). */
function parseUntil(text: string, now: Date): string {
  const duration = parseDuration(text);
  if (duration !== undefined) return new Date(now.getTime() + duration).toISOString();
  const date = parseIsoDate(text);
  if (!date) throw new InputError(`--until: "${text}" is neither an ISO-8601 date (e.g. 2026-12-31) nor a duration (e.g. 30d)`, "BAD_ARGS");
  return date.toISOString();
}

export function ackCommand(): Command {
  return new Command("ack")
    .description("Acknowledge a known-benign incident so nightly tickets stop repeating it.")
    .argument("<ticket_key>", "the incident's ticket_key (tickets.csv, report.json users[].ticketKey)")
    .requiredOption("--reason <text>", "why it is benign (shown on its suppressed findings)")
    .option("--until <date|duration>", "suppress until this ISO-8601 date or for this long (e.g. 30d); default: until it escalates")
    .option("--state <file>", "the nightly state file (default: config state.path, else output/phishtrail-state.sqlite)")
    .option("--config <file>", "configuration file")
    .addHelpText(
      "after",
      `
Its findings stay in later reports, marked "suppressed by ack" and not counted in the score; the
incident raises no ticket until --until passes or a rule it had not shown lifts the user to the
ticket threshold again (an escalation, which ends the acknowledgement).

Examples:
  phishtrail ack PT-1790A7A7861D --reason "travelling to Lisbon, confirmed by phone" --until 2026-12-15
  phishtrail ack PT-1790A7A7861D --reason "partner forwarding approved (CHG0012345)" --state /var/lib/phishtrail/state.sqlite`,
    )
    .action((ticketKey: string, flags: AckFlags) => {
      const { config } = loadConfig(flags.config);
      const reason = flags.reason.trim();
      if (!reason) throw new InputError("--reason: say why the incident is benign (it is shown on its suppressed findings)", "BAD_ARGS");
      const now = new Date();
      const until = flags.until === undefined ? undefined : parseUntil(flags.until, now);
      const statePath = flags.state ?? (config.state.path || defaultStatePath(config));
      const result = acknowledge({ statePath, ticketKey: ticketKey.trim(), reason, until, now });
      process.stdout.write(
        `acknowledged ${result.ticketKey} (${result.userPrincipalName}): findings of ${result.ruleIds.length} rule(s) suppressed ` +
          `${until ? `until ${until}` : "until it escalates"} [${result.ruleIds.join(", ")}]\n`,
      );
    });
}
