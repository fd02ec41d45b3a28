import { z } from "zod";
import { parseCidr } from "../rules/shared/ip.js";

/**
 * config.json: every key, its type and its default. Unknown keys are refused (a typo must not
 * silently fall back to a default). Secrets never live here: they come from the environment.
 */
const level = z.enum(["none", "low", "medium", "high", "critical"]);
const format = z.enum(["html", "pdf", "csv", "json"]);

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    graph: z
      .object({
        /** "global" | "usgov" | "usgovdod" | "china": picks authority and Graph hosts. */
        cloud: z.enum(["global", "usgov", "usgovdod", "china"]).default("global"),
        tenantId: z.string().default(""),
        clientId: z.string().default(""),
        /** Overrides the cloud's authority host (AZURE_AUTHORITY_HOST wins). */
        authorityHost: z.string().default(""),
        /** Overrides the cloud's Graph base URL (PHISHTRAIL_GRAPH_URL wins). */
        graphUrl: z.string().default(""),
        /** auto: certificate if a path is set, else client secret, else managed identity/default chain. */
        credential: z.enum(["auto", "clientSecret", "certificate", "managedIdentity", "deviceCode", "default"]).default("auto"),
        certificatePath: z.string().default(""),
        /** Extra CA certificate to trust for Graph and the authority (e.g. the simulator's). */
        caCertificatePath: z.string().default(""),
        maxRetries: z.number().int().min(0).max(10).default(6),
        requestTimeoutMs: z.number().int().min(1000).default(60000),
        /** Concurrent Graph requests in flight, across all users. */
        concurrency: z.number().int().min(1).max(64).default(8),
        /** Graph's Outlook limit is 4 concurrent requests per mailbox. */
        perMailboxConcurrency: z.number().int().min(1).max(4).default(4),
      })
      .strict()
      .default({}),
    scan: z
      .object({
        /** Investigation window start: a duration back from now ("24h", "7d") or ISO-8601. */
        since: z.string().default("7d"),
        /** Days of history before the window used as each user's baseline. */
        baselineDays: z.number().int().min(0).max(365).default(30),
        formats: z.array(format).default(["html", "pdf", "csv", "json"]),
        strategy: z.enum(["auto", "per-user", "bulk"]).default("auto"),
        /** Users investigated at once. */
        concurrency: z.number().int().min(1).max(64).default(8),
        failOn: level.nullable().default(null),
        outputDir: z.string().default("output"),
        nonInteractiveSignIns: z.boolean().default(true),
        maxSentItemsPerUser: z.number().int().min(0).default(1000),
      })
      .strict()
      .default({}),
    scoring: z
      .object({
        ticketThreshold: level.default("medium"),
        /** Lowest score of each level. */
        levels: z
          .object({
            low: z.number().min(0).max(100).default(1),
            medium: z.number().min(0).max(100).default(25),
            high: z.number().min(0).max(100).default(50),
            critical: z.number().min(0).max(100).default(75),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    allowLists: z
      .object({
        /** CIDR ranges of corporate egress / VPN. */
        ipRanges: z
          .array(z.string().refine((range) => parseCidr(range) !== null, { message: "not an IP address or CIDR range (e.g. 203.0.113.0/24, 2001:db8::/32)" }))
          .default([]),
        /** ISO alpha-2 countries where travel is normal. */
        countries: z.array(z.string().regex(/^[A-Za-z]{2}$/, "expected an ISO 3166 alpha-2 country code such as GB")).default([]),
        /** Domains of partners that mail may legitimately be forwarded to. */
        partnerDomains: z.array(z.string()).default([]),
        /** Application (client) ids that users may consent to / sign in with. */
        apps: z.array(z.string()).default([]),
      })
      .strict()
      .default({}),
    /** Per rule: { "enabled": false } and/or { "options": { ... } } merged over the rule's defaults. */
    rules: z
      .record(
        z.string(),
        z.object({ enabled: z.boolean().default(true), options: z.record(z.string(), z.unknown()).default({}) }).strict(),
      )
      .default({}),
    report: z
      .object({
        title: z.string().default("phishtrail investigation report"),
        classification: z.string().default("CONFIDENTIAL - security incident"),
        paper: z.enum(["A4", "Letter"]).default("A4"),
        /** Chromium for PDFs; empty: PUPPETEER_EXECUTABLE_PATH, then the usual system paths. */
        chromiumPath: z.string().default(""),
        csv: z
          .object({
            /** Byte-order mark so Excel opens UTF-8 correctly. */
            bom: z.boolean().default(false),
            delimiter: z.enum([",", ";", "\t"]).default(","),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    state: z
      .object({
        /** SQLite state for nightly runs; empty means no state unless --state is given. */
        path: z.string().default(""),
        /** Re-read this much before the last run's end: Graph logs arrive late. */
        overlapMinutes: z.number().int().min(0).max(1440).default(120),
      })
      .strict()
      .default({}),
    demo: z
      .object({
        users: z.number().int().min(40).max(100000).default(300),
        seed: z.number().int().default(42),
        /** Simulator time scale for the demo: 0.01 makes Graph's 10-second windows last 100 ms. */
        timeScale: z.number().positive().max(1).default(0.01),
      })
      .strict()
      .default({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
