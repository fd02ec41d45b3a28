/**
 * What a scenario works with: its victim, a start time, a seeded stream, attacker infrastructure,
 * and small helpers that write sign-ins and audit events into the tenant.
 */
import type { GraphObject } from "../../../snapshot/types.js";
import type { SignInApp } from "../catalog/apps.js";
import type { DeviceCombo } from "../catalog/devices.js";
import type { Isp, Place } from "../catalog/places.js";
import type { DemoContext } from "../context.js";
import type { DemoUser } from "../model.js";
import type { Rng } from "../random.js";
import { makeSignIn, type Outcome, type OutcomeName, type SignInSpec } from "../signin-factory.js";
import { homeIpAt } from "../activity.js";
import { utcWeekday } from "../time.js";

export interface Location {
  ip: string;
  place: Place;
  isp: Isp;
}

export interface SharedFacts {
  /** External address two scenario victims end up forwarding to (the cross-user pattern). */
  forwardAddress: string;
  /** A rarely used internal account the delegation scenario grants rights to. */
  delegate: DemoUser;
  /** Users the password spray fails against (never scenario victims). */
  sprayTargets: DemoUser[];
}

export interface ScenarioKit {
  ctx: DemoContext;
  rng: Rng;
  victim: DemoUser;
  startMs: number;
  outcomes: Record<OutcomeName, Outcome>;
  shared: SharedFacts;
}

export interface ScenarioResult {
  description: string;
}

export interface Scenario {
  name: string;
  /** ATT&CK technique ids a detector should report for the victim. */
  attack: string[];
  /** Roughly when it starts, in hours before now (a seeded jitter is added). */
  hoursBeforeNow: number;
  /** Adjusts the victim before any history is written (e.g. never registered for MFA). */
  prepare?(victim: DemoUser): void;
  run(kit: ScenarioKit): ScenarioResult;
}

type SignInInput = Omit<SignInSpec, "ip" | "place" | "isp"> & { at: Location };

export function addSignIn(kit: ScenarioKit, input: SignInInput): GraphObject {
  const { at, ...rest } = input;
  const signIn = makeSignIn(kit.rng, { ...rest, ip: at.ip, place: at.place, isp: at.isp });
  kit.ctx.out.signIns.push(signIn);
  return signIn;
}

/** Where the victim normally is at that moment: the office on office days, else home. */
export function usualLocation(user: DemoUser, ms: number): Location {
  if (user.officeDays.includes(utcWeekday(ms))) {
    const net = user.office.network;
    return { ip: net.ips[user.index % net.ips.length], place: net.place, isp: net.isp };
  }
  return { ip: homeIpAt(user, ms), place: user.homePlace, isp: user.homeIsp };
}

/** A handful of background token refreshes for other apps in one session. */
export function backgroundSignIns(kit: ScenarioKit, base: { user: DemoUser; at: Location; device: DeviceCombo; correlationId: string; outcome: Outcome; userAgent?: string; originalTransferMethod?: string; risk?: SignInInput["risk"] }, apps: readonly SignInApp[], times: number[]): GraphObject[] {
  return times.map((timeMs, i) => addSignIn(kit, { ...base, timeMs, app: apps[i % apps.length], interactive: false }));
}

export function victimBrowser(user: DemoUser): DeviceCombo {
  return user.devices.laptopBrowser ?? user.devices.personal ?? user.devices.laptopApps!;
}
