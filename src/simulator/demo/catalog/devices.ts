/** Device/browser combinations and the user-agent strings sign-ins carry for them. */
import type { GraphObject } from "../../../snapshot/types.js";

export type ClientAppUsed = "Browser" | "Mobile Apps and Desktop clients";

export interface DeviceTemplate {
  /** What kind of session it runs: a browser tab, the Office/Teams desktop apps, or a phone app. */
  kind: "browser" | "desktopApp" | "phoneApp";
  operatingSystem: string;
  browser: string;
  clientAppUsed: ClientAppUsed;
  userAgent: string;
}

const CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

export const DEVICE_TEMPLATES = {
  windowsEdge: {
    kind: "browser",
    operatingSystem: "Windows 10",
    browser: "Edge 131.0.0",
    clientAppUsed: "Browser",
    userAgent: `${CHROME_WIN} Edg/131.0.0.0`,
  },
  windowsChrome: { kind: "browser", operatingSystem: "Windows 10", browser: "Chrome 131.0.0", clientAppUsed: "Browser", userAgent: CHROME_WIN },
  windowsOffice: {
    kind: "desktopApp",
    operatingSystem: "Windows 10",
    browser: "Rich Client 16.0.18227",
    clientAppUsed: "Mobile Apps and Desktop clients",
    userAgent: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.18227; Pro)",
  },
  macSafari: {
    kind: "browser",
    operatingSystem: "MacOs",
    browser: "Safari 18.1",
    clientAppUsed: "Browser",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  },
  macChrome: {
    kind: "browser",
    operatingSystem: "MacOs",
    browser: "Chrome 131.0.0",
    clientAppUsed: "Browser",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  },
  iphoneApps: {
    kind: "phoneApp",
    operatingSystem: "Ios",
    browser: "Mobile Safari 18.1",
    clientAppUsed: "Mobile Apps and Desktop clients",
    userAgent: "Outlook-iOS/2.0",
  },
  androidApps: {
    kind: "phoneApp",
    operatingSystem: "Android",
    browser: "Chrome Mobile 131.0.0",
    clientAppUsed: "Mobile Apps and Desktop clients",
    userAgent: "Outlook-Android/2.0",
  },
} as const satisfies Record<string, DeviceTemplate>;

/** What a sign-in needs about the device: the shared deviceDetail object plus template facts. */
export interface DeviceCombo extends DeviceTemplate {
  /** signIn.deviceDetail, shared by reference across this device's sign-ins (never mutate). */
  deviceDetail: GraphObject;
}

export interface DeviceIdentity {
  deviceId: string;
  displayName: string | null;
  isCompliant: boolean | null;
  isManaged: boolean | null;
  trustType: string | null;
}

export const UNKNOWN_DEVICE: DeviceIdentity = { deviceId: "", displayName: null, isCompliant: false, isManaged: false, trustType: null };

export function deviceCombo(template: DeviceTemplate, identity: DeviceIdentity): DeviceCombo {
  return {
    ...template,
    deviceDetail: {
      deviceId: identity.deviceId,
      displayName: identity.displayName,
      operatingSystem: template.operatingSystem,
      browser: template.browser,
      isCompliant: identity.isCompliant,
      isManaged: identity.isManaged,
      trustType: identity.trustType,
    },
  };
}

/** A device an attacker uses: nothing registered, odd agent. */
export function attackerDevice(operatingSystem: string, browser: string, clientAppUsed: ClientAppUsed, userAgent: string): DeviceCombo {
  return deviceCombo({ kind: clientAppUsed === "Browser" ? "browser" : "desktopApp", operatingSystem, browser, clientAppUsed, userAgent }, UNKNOWN_DEVICE);
}
