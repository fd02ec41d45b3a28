/**
 * The directory: people with names, offices, homes, devices and habits, plus the few accounts
 * every tenant has (an IT admin, a scan-to-mail printer, a service account, guests). Benign traits
 * (travel, new starters, leavers, bulk senders, no MFA) go to disjoint sets of people, and the rest
 * form the "plain" pool from which scenarios pick their victims.
 */
import { deviceCombo, DEVICE_TEMPLATES, UNKNOWN_DEVICE, type DeviceTemplate } from "./catalog/devices.js";
import { GIVEN_NAMES, SURNAMES, mailSlug } from "./catalog/names.js";
import { ISPS, PLACES, type Isp, type Place } from "./catalog/places.js";
import { rngFor, type DemoContext } from "./context.js";
import type { DemoUser, HomeCountry, Network, Office, Role, Trip } from "./model.js";
import type { Rng } from "./random.js";
import { OFFICE_SHARE, VPN_SHARE_OF_GB } from "./tenant.js";
import { DAY, HOUR, distanceKm, utcDayStart } from "./time.js";

const JOBS: Record<string, readonly string[]> = {
  Finance: ["Accountant", "Accounts Payable Clerk", "Finance Manager", "Financial Analyst", "Payroll Specialist"],
  Sales: ["Account Executive", "Sales Manager", "Business Development Manager", "Sales Coordinator"],
  Marketing: ["Marketing Manager", "Content Specialist", "Digital Marketing Executive", "Communications Officer"],
  "Human Resources": ["HR Business Partner", "HR Advisor", "Recruiter", "HR Manager"],
  IT: ["Service Desk Analyst", "Systems Engineer", "IT Manager"],
  Operations: ["Operations Manager", "Logistics Coordinator", "Project Manager", "Office Manager"],
  Legal: ["Legal Counsel", "Paralegal", "Compliance Officer"],
  Engineering: ["Software Engineer", "Product Manager", "QA Engineer", "Data Analyst"],
  "Customer Service": ["Customer Service Advisor", "Customer Success Manager", "Support Team Lead"],
};
const DEPARTMENTS = Object.keys(JOBS);

const HOMES: Record<string, readonly (readonly [Place, number])[]> = {
  london: [[PLACES.london, 0.55], [PLACES.reading, 0.2], [PLACES.cambridge, 0.15], [PLACES.bristol, 0.1]],
  manchester: [[PLACES.manchester, 0.6], [PLACES.leeds, 0.25], [PLACES.birmingham, 0.15]],
  munich: [[PLACES.munich, 0.7], [PLACES.augsburg, 0.3]],
};
const HOME_ISPS: Record<HomeCountry, readonly Isp[]> = {
  GB: [ISPS.bt, ISPS.virgin, ISPS.sky, ISPS.talktalk],
  DE: [ISPS.telekom, ISPS.vodafoneDe, ISPS.mnet],
};
const MOBILE_ISPS: Record<HomeCountry, readonly Isp[]> = { GB: [ISPS.ee, ISPS.vodafoneUk], DE: [ISPS.telefonicaDe, ISPS.telekom] };
const TRIP_DESTINATIONS: Record<HomeCountry, readonly [Place, Isp][]> = {
  GB: [[PLACES.newYork, ISPS.charter], [PLACES.paris, ISPS.orange], [PLACES.madrid, ISPS.telefonicaEs], [PLACES.dublin, ISPS.eir], [PLACES.milan, ISPS.tim], [PLACES.munich, ISPS.telekom]],
  DE: [[PLACES.london, ISPS.bt], [PLACES.paris, ISPS.orange], [PLACES.milan, ISPS.tim], [PLACES.newYork, ISPS.charter]],
};
/** Cruising speed plus airports: benign travel never looks faster than ~600 km/h. */
const FLIGHT_KMH = 750;
const AIRPORT_HOURS = 3;

function randomIp(rng: Rng, isp: Isp): string {
  return `${rng.pick(isp.prefixes)}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
}

interface Directory {
  users: DemoUser[];
  /** GB staff with no special trait, shuffled: scenario victims come from here. */
  plainPool: DemoUser[];
}

export function buildDirectory(ctx: Omit<DemoContext, "users">): Directory {
  const n = ctx.options.users;
  const guests = n >= 100 ? Math.floor(n * 0.01) : 0;
  const admins = 1 + Math.floor(n / 1000);
  const roles: Role[] = [];
  for (let i = 0; i < admins; i++) roles.push("admin");
  roles.push("printer", "service");
  for (let i = 0; i < guests; i++) roles.push("guest");
  while (roles.length < n) roles.push("staff");

  const taken = new Set<string>();
  const users = roles.map((role, index) => createUser(ctx, index, role, taken));
  const plainPool = assignTraits(ctx, users);
  return { users, plainPool };
}

function pickOffice(ctx: Omit<DemoContext, "users">, rng: Rng, role: Role): [Office, string] {
  if (role !== "staff") return [ctx.tenant.offices.london, "london"];
  const key = rng.weighted([["london", OFFICE_SHARE.london], ["manchester", OFFICE_SHARE.manchester], ["munich", OFFICE_SHARE.munich]] as const);
  return [ctx.tenant.offices[key], key];
}

function uniqueSlug(base: string, taken: Set<string>): string {
  let slug = base;
  for (let i = 2; taken.has(slug); i++) slug = `${base}${i}`;
  taken.add(slug);
  return slug;
}

function createUser(ctx: Omit<DemoContext, "users">, index: number, role: Role, taken: Set<string>): DemoUser {
  const rng = rngFor(ctx, "user", index);
  const [office, officeKey] = pickOffice(ctx, rng, role);
  const country: HomeCountry = office.place.country === "DE" ? "DE" : "GB";
  const domain = country === "DE" ? ctx.tenant.subsidiaryDomain : ctx.tenant.defaultDomain;
  const homePlace = rng.weighted(HOMES[officeKey]);
  const homeIsp = rng.pick(HOME_ISPS[country]);

  let givenName = rng.pick(GIVEN_NAMES[country]);
  let surname = rng.pick(SURNAMES[country]);
  let slugBase = `${mailSlug(givenName)}.${mailSlug(surname)}`;
  let department: string | null = rng.pick(DEPARTMENTS);
  let jobTitle: string | null = rng.pick(JOBS[department]);
  if (role === "printer") [givenName, surname, slugBase, department, jobTitle] = ["Scanner", "London 3rd Floor", "scanner.lon3", "Facilities", null];
  if (role === "service") [givenName, surname, slugBase, department, jobTitle] = ["Mail", "Archive Service", "svc.mailarchive", "IT", null];
  if (role === "admin") [department, jobTitle] = ["IT", "Systems Administrator"];
  const slug = uniqueSlug(slugBase, taken);
  const guestHome = "partner-fabrikam.example";
  const mail = role === "guest" ? `${slug}@${guestHome}` : `${slug}@${domain}`;
  const userPrincipalName = role === "guest" ? `${slug}_${guestHome}#EXT#@${ctx.tenant.initialDomain}` : mail;
  const displayName = role === "guest" ? `${givenName} ${surname} (Fabrikam)` : `${givenName} ${surname}`;

  const createdMs = utcDayStart(ctx.nowMs - rng.int(200, 2000) * DAY) + 9 * HOUR + rng.int(0, 480) * 60_000;
  const id = rng.guid();
  const user: DemoUser = {
    index,
    id,
    userPrincipalName,
    mail,
    displayName,
    givenName,
    surname,
    domain,
    country,
    role,
    department,
    jobTitle,
    office,
    homePlace,
    homeIps: [{ ip: randomIp(rng, homeIsp), fromMs: 0 }],
    homeIsp,
    mobile: null,
    devices: {},
    activity: rng.between(0.75, 1.25),
    createdMs,
    officeDays: rng.sample([1, 2, 3, 4, 5], rng.int(2, 4)).sort(),
    usesVpn: country === "GB" && role !== "printer" && rng.chance(VPN_SHARE_OF_GB),
    mfaRegistered: role === "staff" || role === "admin",
    mfaExcluded: role === "printer" || role === "service",
    newStarter: false,
    bulkSender: false,
    methods: [],
    lastSignIn: {},
    recipient: { emailAddress: { name: displayName, address: mail } },
  };
  if (rng.chance(0.5)) user.homeIps.push({ ip: randomIp(rng, homeIsp), fromMs: ctx.historyStartMs + rng.between(0.2, 0.9) * (ctx.nowMs - ctx.historyStartMs) });
  if (role === "staff" || role === "admin") equipDevices(rng, user, officeKey);
  return user;
}

function equipDevices(rng: Rng, user: DemoUser, officeKey: string): void {
  const code = { london: "LON", manchester: "MAN", munich: "MUC" }[officeKey] ?? "LON";
  const laptop = {
    deviceId: rng.guid(),
    displayName: `${code}-LT-${rng.digits(4)}`,
    isCompliant: true,
    isManaged: true,
    trustType: user.country === "GB" ? "Hybrid Azure AD joined" : "Azure AD joined",
  };
  const browser: DeviceTemplate = rng.chance(0.65) ? DEVICE_TEMPLATES.windowsEdge : DEVICE_TEMPLATES.windowsChrome;
  user.devices.laptopBrowser = deviceCombo(browser, laptop);
  user.devices.laptopApps = deviceCombo(DEVICE_TEMPLATES.windowsOffice, laptop);
  const extra = rng.float();
  if (extra < 0.7) {
    const iphone = rng.chance(0.6);
    const managed = rng.chance(0.7);
    user.devices.phone = deviceCombo(iphone ? DEVICE_TEMPLATES.iphoneApps : DEVICE_TEMPLATES.androidApps, {
      deviceId: managed ? rng.guid() : "",
      displayName: managed ? (iphone ? "iPhone" : "Pixel 8") : null,
      isCompliant: managed ? true : false,
      isManaged: managed,
      trustType: managed ? "Azure AD registered" : null,
    });
    const mobileIsp = rng.pick(MOBILE_ISPS[user.country]);
    const ips = Array.from({ length: 6 }, () => randomIp(rng, mobileIsp));
    user.mobile = { kind: "mobile", place: user.homePlace, isp: mobileIsp, ips } satisfies Network;
  } else if (extra < 0.82) {
    user.devices.personal = deviceCombo(rng.chance(0.6) ? DEVICE_TEMPLATES.macSafari : DEVICE_TEMPLATES.macChrome, UNKNOWN_DEVICE);
  }
}

function assignTraits(ctx: Omit<DemoContext, "users">, users: DemoUser[]): DemoUser[] {
  const rng = rngFor(ctx, "traits");
  const staff = rng.shuffle(users.filter((u) => u.role === "staff"));
  const count = staff.length;
  const take = (k: number) => staff.splice(0, Math.max(0, Math.min(k, staff.length - 12)));

  const historyDays = Math.round((ctx.nowMs - ctx.historyStartMs) / DAY);
  for (const user of take(Math.max(2, Math.round(count * 0.015)))) {
    user.newStarter = true;
    // joined in the last days of the history (when it is long enough to hold the whole onboarding)
    user.createdMs = utcDayStart(ctx.nowMs - rng.int(3, Math.max(3, Math.min(12, historyDays - 1))) * DAY) + 8 * HOUR + rng.int(0, 120) * 60_000;
    user.homeIps = [user.homeIps[0]];
  }
  for (const user of take(Math.max(1, Math.round(count * 0.005)))) {
    user.disabledMs = utcDayStart(ctx.nowMs - rng.int(3, 20) * DAY) + 17 * HOUR + rng.int(0, 60) * 60_000;
  }
  for (const user of take(Math.max(2, Math.round(count * 0.03)))) {
    user.trip = planTrip(ctx, rng, user);
  }
  for (const user of take(Math.min(5, Math.max(2, Math.round(count * 0.01))))) {
    user.mfaRegistered = false;
    user.mfaExcluded = true;
  }
  for (const user of take(Math.max(1, Math.round(count * 0.005)))) {
    user.bulkSender = true;
    user.department = rng.chance(0.5) ? "Human Resources" : "Marketing";
    user.jobTitle = user.department === "Marketing" ? "Internal Communications Manager" : "HR Communications Lead";
  }
  return staff.filter((u) => u.country === "GB");
}

/** A business trip wholly inside the history, ending over a day before now; none if history is too short. */
function planTrip(ctx: Omit<DemoContext, "users">, rng: Rng, user: DemoUser): Trip | undefined {
  const historyDays = Math.floor((ctx.nowMs - ctx.historyStartMs) / DAY);
  const nights = rng.int(2, 4);
  const lastDepartDay = historyDays - nights - 3;
  if (lastDepartDay < 1) return undefined;
  const [destination, isp] = rng.pick(TRIP_DESTINATIONS[user.country]);
  const km = distanceKm(user.homePlace.latitude, user.homePlace.longitude, destination.latitude, destination.longitude);
  const flightMs = (km / FLIGHT_KMH + AIRPORT_HOURS) * HOUR;
  const departDay = utcDayStart(ctx.historyStartMs) + rng.int(1, lastDepartDay) * DAY;
  const departMs = departDay + (7 - user.homePlace.utcOffsetHours) * HOUR + rng.int(0, 60) * 60_000;
  const leaveMs = departDay + nights * DAY + (15 - destination.utcOffsetHours) * HOUR;
  return {
    destination,
    network: { kind: "hotel", place: destination, isp, ips: [randomIp(rng, isp)] },
    departMs,
    arriveMs: departMs + flightMs,
    leaveMs,
    returnMs: leaveMs + flightMs,
  };
}
