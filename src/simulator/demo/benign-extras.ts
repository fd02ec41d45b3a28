/**
 * The everyday audit trail of a healthy tenant: new starters set up by IT (TAP, then their own
 * Authenticator), leavers disabled, self-service password changes, consents to verified low-scope
 * apps, a couple of Defender alerts closed as benign, risk that was dismissed or remediated, and
 * people enrolling a replacement laptop or phone (device registrations with no risk around them).
 */
import { APPS, RESOURCE } from "./catalog/apps.js";
import { alert } from "./alerts.js";
import { directoryAudit, userTarget } from "./audit.js";
import { consentAudits, graphServicePrincipal, permissionGrant, servicePrincipal, type AppSpec } from "./consent.js";
import { rngFor, type DemoContext } from "./context.js";
import { riskDetection, riskyUser } from "./identity-protection.js";
import type { DemoUser } from "./model.js";
import type { Rng } from "./random.js";
import { makeSignIn, type Outcome, type OutcomeName } from "./signin-factory.js";
import { DAY, HOUR, MINUTE } from "./time.js";

const LOW_RISK_APPS: readonly { name: string; publisher: string; publisherId: string; scope: string; audience: string; homepage: string }[] = [
  { name: "Adobe Acrobat", publisher: "Adobe Inc.", publisherId: "5106921", scope: "openid profile email offline_access User.Read", audience: "AzureADandPersonalMicrosoftAccount", homepage: "https://acrobat.adobe.example" },
  { name: "Zoom for Outlook", publisher: "Zoom Video Communications, Inc.", publisherId: "5011422", scope: "openid profile User.Read Calendars.ReadWrite offline_access", audience: "AzureADMultipleOrgs", homepage: "https://zoom.example" },
  { name: "Miro", publisher: "RealtimeBoard, Inc.", publisherId: "4902833", scope: "openid profile email User.Read", audience: "AzureADMultipleOrgs", homepage: "https://miro.example" },
];

export class BenignExtras {
  private readonly rng: Rng;
  private readonly admin: DemoUser;

  constructor(
    private readonly ctx: DemoContext,
    private readonly outcomes: Record<OutcomeName, Outcome>,
  ) {
    this.rng = rngFor(ctx, "benign-extras");
    this.admin = ctx.users.find((u) => u.role === "admin")!;
  }

  /** Everything below; `bystanders` are enabled staff without a scenario, in a seeded order. */
  run(bystanders: DemoUser[]): void {
    this.apps(bystanders);
    for (const user of this.ctx.users) {
      if (user.newStarter) this.newStarter(user);
      if (user.disabledMs !== undefined) this.leaver(user);
    }
    this.passwordChanges(bystanders);
    this.alertsAndRisk(bystanders);
    this.deviceEnrolments(bystanders);
  }

  /**
   * A few people a month get a new laptop (Autopilot join) or enrol a new phone (Company Portal):
   * "Register device" by the Device Registration Service, then "Add registered owner to device",
   * from the office during working hours. Uses its own stream so the rest of the tenant is unchanged.
   */
  private deviceEnrolments(bystanders: DemoUser[]): void {
    const { ctx } = this;
    const rng = rngFor(ctx, "benign-devices");
    const drs = { appId: RESOURCE.deviceRegistration.id, displayName: RESOURCE.deviceRegistration.name, servicePrincipalId: null };
    const count = Math.max(2, Math.round(bystanders.length * 0.03));
    for (const user of rng.sample(bystanders, Math.min(count, bystanders.length))) {
      const day = ctx.historyStartMs + rng.int(1, Math.max(1, Math.floor((ctx.nowMs - ctx.historyStartMs) / DAY) - 1)) * DAY;
      const timeMs = Math.floor(day / DAY) * DAY + Math.round((rng.between(9, 16) - user.homePlace.utcOffsetHours) * HOUR);
      if (timeMs <= user.createdMs || timeMs >= ctx.nowMs) continue;
      const phone = rng.chance(0.5);
      const deviceId = rng.guid();
      const device = {
        id: rng.guid(),
        displayName: phone ? `${user.displayName.split(" ")[0]}'s iPhone` : `CONTOSO-${rng.digits(6)}`,
        type: "Device",
      };
      const correlationId = rng.guid();
      ctx.out.directoryAudits.push(
        directoryAudit(rng, {
          timeMs,
          activity: "Register device",
          category: "Device",
          service: "Device Registration Service",
          operationType: "Add",
          actor: { app: drs },
          targets: [device],
          additionalDetails: [
            { key: "Device Id", value: deviceId },
            { key: "Device OS", value: phone ? "iOS" : "Windows" },
            { key: "Device Trust Type", value: phone ? "Workplace" : "AzureAd" },
          ],
          correlationId,
        }),
        directoryAudit(rng, { timeMs: timeMs + 1000, activity: "Add registered owner to device", category: "Device", service: "Core Directory", operationType: "Assign", actor: { app: drs }, targets: [device, userTarget(user)], correlationId }),
      );
    }
  }

  private apps(bystanders: DemoUser[]): void {
    const { ctx, rng } = this;
    const tenantBorn = ctx.nowMs - 2000 * DAY;
    ctx.out.servicePrincipals.push(graphServicePrincipal(ctx, tenantBorn));
    const apps = LOW_RISK_APPS.map((a) => {
      const spec: AppSpec = {
        id: rng.guid(),
        appId: rng.guid(),
        displayName: a.name,
        publisherName: a.publisher,
        verifiedPublisher: { displayName: a.publisher, verifiedPublisherId: a.publisherId, addedMs: ctx.nowMs - 900 * DAY },
        ownerTenantId: rng.guid(),
        signInAudience: a.audience,
        createdMs: ctx.nowMs - rng.int(100, 700) * DAY,
        homepage: a.homepage,
        replyUrls: [`${a.homepage}/oauth/callback`],
      };
      const sp = servicePrincipal(spec);
      ctx.out.servicePrincipals.push(sp);
      return { sp, scope: a.scope };
    });
    // one admin-consented line-of-business tool for everyone
    const smartsheet = servicePrincipal({
      id: rng.guid(),
      appId: rng.guid(),
      displayName: "Smartsheet",
      publisherName: "Smartsheet Inc.",
      verifiedPublisher: { displayName: "Smartsheet Inc.", verifiedPublisherId: "4388201", addedMs: ctx.nowMs - 1000 * DAY },
      ownerTenantId: rng.guid(),
      signInAudience: "AzureADMultipleOrgs",
      createdMs: ctx.nowMs - 600 * DAY,
      homepage: "https://smartsheet.example",
      replyUrls: ["https://smartsheet.example/b/home"],
    });
    ctx.out.servicePrincipals.push(smartsheet);
    ctx.out.oauth2PermissionGrants.push(permissionGrant(rng, ctx, String(smartsheet.id), null, "openid profile email User.Read"));

    const consenting = bystanders.slice(0, Math.max(2, Math.round(bystanders.length * 0.03)));
    for (const user of consenting) {
      const { sp, scope } = rng.pick(apps);
      const grant = permissionGrant(rng, ctx, String(sp.id), user, scope);
      ctx.out.oauth2PermissionGrants.push(grant);
      const timeMs = ctx.historyStartMs + rng.float() * (ctx.nowMs - ctx.historyStartMs - 2 * DAY);
      if (rng.chance(0.5) && timeMs > user.createdMs && user.devices.laptopBrowser) {
        ctx.out.directoryAudits.push(...consentAudits(ctx, rng, user, sp, grant, timeMs, user.office.network.ips[0], user.devices.laptopBrowser.userAgent, false));
      }
    }
  }

  /** IT creates the account and a one-time pass; the starter signs in and registers Authenticator. */
  private newStarter(user: DemoUser): void {
    const { ctx, rng, admin } = this;
    if (user.createdMs < ctx.historyStartMs) return; // before the logs this snapshot holds
    const adminIp = admin.office.network.ips[0];
    const t0 = user.createdMs;
    ctx.out.directoryAudits.push(
      directoryAudit(rng, {
        timeMs: t0,
        activity: "Add user",
        category: "UserManagement",
        service: "Core Directory",
        operationType: "Add",
        actor: { user: admin, ip: adminIp },
        targets: [{ ...userTarget(user), modifiedProperties: [{ displayName: "AccountEnabled", oldValue: "[]", newValue: "[true]" }, { displayName: "DisplayName", oldValue: "[]", newValue: JSON.stringify([user.displayName]) }] }],
      }),
      directoryAudit(rng, {
        timeMs: t0 + 10 * MINUTE,
        activity: "Admin registered security info",
        category: "UserManagement",
        service: "Authentication Methods",
        operationType: "Add",
        resultReason: "Admin registered temporary access pass method for user",
        actor: { user: admin, ip: adminIp },
        targets: [userTarget(user)],
      }),
    );
    const office = user.office.network;
    const ip = office.ips[rng.int(0, office.ips.length - 1)];
    const registerMs = t0 + 2 * HOUR;
    const correlationId = rng.guid();
    const device = user.devices.laptopBrowser!;
    ctx.out.signIns.push(makeSignIn(rng, { user, timeMs: registerMs - 3 * MINUTE, app: APPS.mySignins, ip, place: office.place, isp: office.isp, device, correlationId, interactive: true, outcome: this.outcomes.mfaClaim }));
    const actor = { user, ip };
    ctx.out.directoryAudits.push(
      directoryAudit(rng, { timeMs: registerMs - MINUTE, activity: "User started security info registration", category: "UserManagement", service: "Authentication Methods", operationType: "Add", resultReason: "User started the registration for Authenticator App with Notification and Code", actor, targets: [userTarget(user)], correlationId }),
    );
    for (const method of user.methods) {
      const type = String(method["@odata.type"]);
      const reason = type.endsWith("microsoftAuthenticatorAuthenticationMethod")
        ? "User registered Authenticator App with Notification and Code"
        : type.endsWith("phoneAuthenticationMethod")
          ? "User registered Mobile Phone SMS"
          : null;
      if (!reason) continue;
      const at = Date.parse(String(method.createdDateTime));
      ctx.out.directoryAudits.push(directoryAudit(rng, { timeMs: at, activity: "User registered security info", category: "UserManagement", service: "Authentication Methods", operationType: "Add", resultReason: reason, actor, targets: [userTarget(user)], correlationId }));
    }
  }

  private leaver(user: DemoUser): void {
    const { ctx, rng, admin } = this;
    if (user.disabledMs! < ctx.historyStartMs) return;
    ctx.out.directoryAudits.push(
      directoryAudit(rng, {
        timeMs: user.disabledMs!,
        activity: "Disable account",
        category: "UserManagement",
        service: "Core Directory",
        operationType: "Update",
        actor: { user: admin, ip: admin.office.network.ips[0] },
        targets: [{ ...userTarget(user), modifiedProperties: [{ displayName: "AccountEnabled", oldValue: "[true]", newValue: "[false]" }] }],
      }),
    );
  }

  private passwordChanges(bystanders: DemoUser[]): void {
    const { ctx, rng } = this;
    for (const user of bystanders.slice(-Math.max(1, Math.round(bystanders.length * 0.03)))) {
      const timeMs = ctx.historyStartMs + rng.float() * (ctx.nowMs - ctx.historyStartMs - DAY);
      if (timeMs <= user.createdMs) continue;
      ctx.out.directoryAudits.push(
        directoryAudit(rng, { timeMs, activity: "Change password (self-service)", category: "UserManagement", service: "Self-service Password Management", operationType: "Update", actor: { user, ip: user.office.network.ips[0] }, targets: [userTarget(user)] }),
      );
      user.passwordChangedMs = timeMs;
    }
  }

  /** A phish report that was nothing, an atypical-travel alert and risk dismissed as the trip it was, a remediated risk. */
  private alertsAndRisk(bystanders: DemoUser[]): void {
    const { ctx, rng } = this;
    const reporter = bystanders[Math.floor(bystanders.length / 2)];
    const reportMs = ctx.nowMs - rng.int(2, 5) * DAY - rng.int(1, 8) * HOUR;
    ctx.out.alerts.push(
      alert(rng, {
        tenantId: ctx.tenant.tenantId,
        user: reporter,
        title: "Email reported by user as malware or phish",
        description: "A user reported an email as phishing. Investigation found a legitimate supplier newsletter.",
        severity: "informational",
        category: "InitialAccess",
        serviceSource: "microsoftDefenderForOffice365",
        detectionSource: "microsoftDefenderForOffice365",
        detectorId: "reported-phish",
        mitreTechniques: ["T1566"],
        firstActivityMs: reportMs,
        createdMs: reportMs + 4 * MINUTE,
        status: "resolved",
        classification: "falsePositive",
        determination: "notMalicious",
      }),
    );
    const traveller = ctx.users.find((u) => u.trip && !u.scenario);
    if (traveller?.trip) {
      const trip = traveller.trip;
      const at = trip.arriveMs + HOUR;
      const ip = trip.network.ips[0];
      ctx.out.riskDetections.push(
        riskDetection(rng, { user: traveller, riskEventType: "unlikelyTravel", riskLevel: "medium", riskState: "dismissed", riskDetail: "adminDismissedAllRiskForUser", activity: "signin", timing: "offline", activityMs: at, detectedMs: at + 6 * HOUR, lastUpdatedMs: at + 20 * HOUR, ip, place: trip.destination, correlationId: rng.guid() }),
      );
      ctx.out.riskyUsers.push(riskyUser(traveller, "none", "dismissed", "adminDismissedAllRiskForUser", at + 20 * HOUR));
      ctx.out.alerts.push(
        alert(rng, {
          tenantId: ctx.tenant.tenantId,
          user: traveller,
          title: "Atypical travel",
          description: "Sign-in from a location atypical for the user. The user confirmed a business trip.",
          severity: "low",
          category: "InitialAccess",
          serviceSource: "azureAdIdentityProtection",
          detectionSource: "azureAdIdentityProtection",
          detectorId: "UnlikelyTravel",
          mitreTechniques: ["T1078.004"],
          firstActivityMs: at,
          createdMs: at + 6 * HOUR,
          status: "resolved",
          classification: "informationalExpectedActivity",
          determination: "confirmedUserActivity",
          ip: { address: ip, country: trip.destination.country },
        }),
      );
    }
    const remediated = bystanders[Math.floor(bystanders.length / 3)];
    if (remediated && remediated !== reporter) {
      const at = ctx.nowMs - rng.int(8, 20) * DAY;
      if (at > ctx.historyStartMs && at > remediated.createdMs) {
        const place = remediated.homePlace;
        ctx.out.riskDetections.push(
          riskDetection(rng, { user: remediated, riskEventType: "unfamiliarFeatures", riskLevel: "low", riskState: "remediated", riskDetail: "userPerformedSecuredPasswordReset", activity: "signin", timing: "realtime", activityMs: at, detectedMs: at, lastUpdatedMs: at + 2 * HOUR, ip: remediated.homeIps[0].ip, place, correlationId: rng.guid() }),
        );
        ctx.out.riskyUsers.push(riskyUser(remediated, "none", "remediated", "userPerformedSecuredPasswordReset", at + 2 * HOUR));
        ctx.out.directoryAudits.push(
          directoryAudit(rng, { timeMs: at + 2 * HOUR, activity: "Reset password (self-service)", category: "UserManagement", service: "Self-service Password Management", operationType: "Update", actor: { user: remediated, ip: remediated.homeIps[0].ip }, targets: [userTarget(remediated)] }),
        );
        remediated.passwordChangedMs = at + 2 * HOUR;
      }
    }
  }
}
