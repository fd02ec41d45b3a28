/**
 * Benign sign-in history: each working day a person opens a few sessions (desktop apps, a browser,
 * a phone) from the office, home or the corporate VPN, and every session refreshes tokens for other
 * apps in the background (non-interactive sign-ins, same correlationId, same address). Now and then
 * a password is mistyped or a push declined, and the next attempt succeeds a minute later from the
 * same place. A session never changes address or country, and trips keep to flight speeds.
 */
import { APPS, type SignInApp } from "./catalog/apps.js";
import { UNKNOWN_DEVICE, deviceCombo, type DeviceCombo } from "./catalog/devices.js";
import type { Place, Isp } from "./catalog/places.js";
import { rngFor, type DemoContext } from "./context.js";
import type { DemoUser, Network } from "./model.js";
import type { Rng } from "./random.js";
import { makeSignIn, type Outcome, type OutcomeName, type SignInSpec } from "./signin-factory.js";
import { DAY, HOUR, MINUTE, utcDayStart, utcWeekday } from "./time.js";

const INTERACTIVE_SHARE = 0.15;
const TYPO_PER_DAY = 1 / 12;
const MFA_DENIAL_PER_DAY = 1 / 150;

const BROWSER_FIRST: readonly (readonly [SignInApp, number])[] = [[APPS.officeHome, 0.5], [APPS.outlookWeb, 0.3], [APPS.sharePointWeb, 0.1], [APPS.teamsWeb, 0.1]];
const BROWSER_BACKGROUND: readonly SignInApp[] = [APPS.outlookWeb, APPS.sharePointWeb, APPS.teamsWeb, APPS.officeHome];
const DESKTOP_FIRST: readonly (readonly [SignInApp, number])[] = [[APPS.officeToExchange, 0.4], [APPS.teams, 0.4], [APPS.officeToSharePoint, 0.2]];
const DESKTOP_BACKGROUND: readonly SignInApp[] = [APPS.officeToExchange, APPS.officeToGraph, APPS.officeToSharePoint, APPS.teams, APPS.teamsToGraph, APPS.oneDriveSync];
const PHONE_FIRST: readonly (readonly [SignInApp, number])[] = [[APPS.outlookMobile, 0.6], [APPS.teams, 0.4]];
const PHONE_BACKGROUND: readonly SignInApp[] = [APPS.outlookMobile, APPS.teams, APPS.teamsToGraph];

const PRINTER_DEVICE = deviceCombo({ kind: "desktopApp", operatingSystem: "", browser: "", clientAppUsed: "Mobile Apps and Desktop clients", userAgent: "" }, UNKNOWN_DEVICE);

interface Where {
  kind: Network["kind"];
  ip: string;
  place: Place;
  isp: Isp;
}

interface Session {
  device: DeviceCombo;
  startMs: number;
  durationMs: number;
  where: Where;
  background: number;
}

export class ActivityGenerator {
  constructor(
    private readonly ctx: DemoContext,
    private readonly outcomes: Record<OutcomeName, Outcome>,
  ) {}

  /** All benign sign-ins of one user, appended to ctx.out.signIns. */
  generate(user: DemoUser): void {
    if (user.role === "printer") return this.printer(user);
    if (user.role !== "staff" && user.role !== "admin") return;
    const rng = rngFor(this.ctx, "activity", user.index);
    const rate = this.ctx.options.signInsPerUserPerDay * user.activity;
    const first = utcDayStart(Math.max(this.ctx.historyStartMs, user.createdMs));
    for (let day = first; day < this.ctx.nowMs; day += DAY) {
      if (user.disabledMs !== undefined && day > user.disabledMs) break;
      const weekday = utcWeekday(day);
      const workday = weekday >= 1 && weekday <= 5;
      if (!workday && !rng.chance(0.5)) continue;
      // weekdays at 1.2x and half the weekend days at 1x average out at the requested rate
      const total = Math.max(1, Math.round(rate * (workday ? 1.2 : 1) * rng.between(0.75, 1.25)));
      this.day(rng, user, day, workday, weekday, total);
    }
  }

  private day(rng: Rng, user: DemoUser, day: number, workday: boolean, weekday: number, total: number): void {
    const interactive = Math.max(1, Math.round(total * INTERACTIVE_SHARE));
    const inOffice = workday && user.officeDays.includes(weekday);
    const onVpn = !inOffice && user.usesVpn && rng.chance(workday ? 0.7 : 0.5);
    const sessions: Session[] = [];
    for (let i = 0; i < interactive; i++) {
      const device = this.pickDevice(rng, user, workday);
      const evening = !workday || (device.kind === "phoneApp" && rng.chance(0.4));
      const localStart = evening ? rng.between(workday ? 18 : 9, 22) : rng.between(7.5, 16.5);
      const offset = user.homePlace.utcOffsetHours;
      const startMs = Math.round(day + (localStart - offset) * HOUR);
      const durationMs = Math.round(rng.between(0.5, evening ? 2 : 4.5) * HOUR);
      const where = this.where(rng, user, startMs, device, inOffice && !evening, onVpn);
      if (where) sessions.push({ device, startMs, durationMs, where, background: 0 });
    }
    if (sessions.length === 0) return;
    for (let i = interactive; i < total; i++) sessions[rng.int(0, sessions.length - 1)].background++;
    for (const session of sessions) this.session(rng, user, session);
  }

  private pickDevice(rng: Rng, user: DemoUser, workday: boolean): DeviceCombo {
    const d = user.devices;
    const options: [DeviceCombo, number][] = [];
    if (d.laptopApps) options.push([d.laptopApps, workday ? 0.45 : 0.1]);
    if (d.laptopBrowser) options.push([d.laptopBrowser, workday ? 0.35 : 0.15]);
    if (d.phone) options.push([d.phone, workday ? 0.2 : 0.6]);
    if (d.personal) options.push([d.personal, workday ? 0.05 : 0.3]);
    return rng.weighted(options);
  }

  /** Where the user is at a moment: trip destination, office, VPN or home; undefined while flying. */
  private where(rng: Rng, user: DemoUser, ms: number, device: DeviceCombo, atOffice: boolean, onVpn: boolean): Where | undefined {
    const phase = tripPhase(user, ms);
    if (phase === "flying") return undefined;
    if (phase === "abroad") {
      const hotel = user.trip!.network;
      return { kind: "hotel", ip: hotel.ips[0], place: hotel.place, isp: hotel.isp };
    }
    if (atOffice) {
      const net = user.office.network;
      return { kind: "office", ip: rng.pick(net.ips), place: net.place, isp: net.isp };
    }
    if (onVpn && device.kind !== "phoneApp") {
      const vpn = this.ctx.tenant.vpn;
      return { kind: "vpn", ip: rng.pick(vpn.ips), place: vpn.place, isp: vpn.isp };
    }
    if (device.kind === "phoneApp" && user.mobile && rng.chance(0.3)) {
      return { kind: "mobile", ip: rng.pick(user.mobile.ips), place: user.mobile.place, isp: user.mobile.isp };
    }
    return { kind: "home", ip: homeIpAt(user, ms), place: user.homePlace, isp: user.homeIsp };
  }

  private session(rng: Rng, user: DemoUser, s: Session): void {
    const sessionPhase = s.where.kind === "hotel" ? "abroad" : "home";
    const out = this.ctx.out.signIns;
    const [firstApps, backgroundApps] =
      s.device.kind === "browser" ? [BROWSER_FIRST, BROWSER_BACKGROUND] : s.device.kind === "phoneApp" ? [PHONE_FIRST, PHONE_BACKGROUND] : [DESKTOP_FIRST, DESKTOP_BACKGROUND];
    const firstApp = user.role === "admin" && s.device.kind === "browser" && rng.chance(0.4) ? APPS.azurePortal : rng.weighted(firstApps);
    const o = this.outcomes;
    const mfaUser = !user.mfaExcluded;
    // one spec per session, updated per sign-in: spreading a fresh object each time is what made this slow
    const spec: SignInSpec = {
      timeMs: s.startMs,
      user,
      app: firstApp,
      ip: s.where.ip,
      place: s.where.place,
      isp: s.where.isp,
      device: s.device,
      correlationId: rng.guid(),
      interactive: true,
      outcome: o.badPassword,
    };
    const emit = (timeMs: number, app: SignInApp, interactive: boolean, outcome: Outcome) => {
      spec.timeMs = timeMs;
      spec.app = app;
      spec.interactive = interactive;
      spec.outcome = outcome;
      out.push(makeSignIn(rng, spec));
    };
    let fresh = rng.chance(0.25);
    const t = s.startMs;
    const perSession = INTERACTIVE_SHARE * this.ctx.options.signInsPerUserPerDay;
    // failures from one address shared by many users would read as a spray source, so the VPN egress only shows successes
    const canFail = s.where.kind !== "vpn" && this.allowed(user, t - 5 * MINUTE) && tripPhase(user, t - 5 * MINUTE) === sessionPhase;
    if (canFail && rng.chance(TYPO_PER_DAY / perSession)) {
      const typos = rng.chance(0.8) ? 1 : 2;
      for (let i = typos; i >= 1; i--) emit(t - i * rng.int(40, 110) * 1000, firstApp, true, o.badPassword);
      fresh = true;
    } else if (mfaUser && canFail && rng.chance(MFA_DENIAL_PER_DAY / perSession)) {
      emit(t - rng.int(60, 150) * 1000, firstApp, true, o.mfaDenied);
      fresh = true;
    }
    if (this.allowed(user, t)) emit(t, firstApp, true, mfaUser ? (fresh ? o.mfaFresh : o.mfaClaim) : o.singleFactor);
    const background = mfaUser ? o.nonInteractiveMfa : o.nonInteractiveSingle;
    for (let i = 0; i < s.background; i++) {
      const at = s.startMs + Math.round(rng.float() * s.durationMs);
      // a session that runs into a flight stops there: token refreshes never outrun the traveller
      if (this.allowed(user, at) && tripPhase(user, at) === sessionPhase) emit(at, rng.pick(backgroundApps), false, background);
    }
  }

  /** The scan-to-mail printer: Authenticated SMTP from one office address, every day. */
  private printer(user: DemoUser): void {
    const rng = rngFor(this.ctx, "activity", user.index);
    const net = user.office.network;
    const ip = net.ips[0];
    for (let day = utcDayStart(this.ctx.historyStartMs); day < this.ctx.nowMs; day += DAY) {
      const weekday = utcWeekday(day);
      const scans = weekday >= 1 && weekday <= 5 ? rng.int(6, 16) : rng.int(1, 3);
      for (let i = 0; i < scans; i++) {
        const t = Math.round(day + rng.between(7, 18.5) * HOUR);
        if (!this.inHistory(t)) continue;
        this.ctx.out.signIns.push(
          makeSignIn(rng, {
            user,
            timeMs: t,
            app: APPS.exchangeLegacy,
            ip,
            place: net.place,
            isp: net.isp,
            device: PRINTER_DEVICE,
            correlationId: rng.guid(),
            interactive: true,
            outcome: this.outcomes.legacy,
            clientAppUsed: "Authenticated SMTP",
          }),
        );
      }
    }
  }

  private inHistory(ms: number): boolean {
    return ms >= this.ctx.historyStartMs && ms < this.ctx.nowMs;
  }

  /** Inside the history and while the account exists and is enabled. */
  private allowed(user: DemoUser, ms: number): boolean {
    return this.inHistory(ms) && ms > user.createdMs + HOUR && (user.disabledMs === undefined || ms < user.disabledMs);
  }
}

/** Hours kept clear of sign-ins either side of a flight (airport, taxi). */
const FLIGHT_MARGIN_MS = 2 * HOUR;

function tripPhase(user: DemoUser, ms: number): "home" | "flying" | "abroad" {
  const trip = user.trip;
  if (!trip || ms < trip.departMs - FLIGHT_MARGIN_MS || ms >= trip.returnMs + FLIGHT_MARGIN_MS) return "home";
  return ms >= trip.arriveMs && ms < trip.leaveMs ? "abroad" : "flying";
}

export function homeIpAt(user: DemoUser, ms: number): string {
  let ip = user.homeIps[0].ip;
  for (const lease of user.homeIps) if (ms >= lease.fromMs) ip = lease.ip;
  return ip;
}
