/**
 * First-party Microsoft applications as they appear in sign-in logs (appId = client, resourceId =
 * the resource's appId), plus the tenant ids Graph prints for Microsoft-owned apps.
 */
export interface SignInApp {
  appId: string;
  appDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
}

export const MICROSOFT_TENANT_ID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

export const RESOURCE = {
  exchange: { id: "00000002-0000-0ff1-ce00-000000000000", name: "Office 365 Exchange Online" },
  sharePoint: { id: "00000003-0000-0ff1-ce00-000000000000", name: "Office 365 SharePoint Online" },
  graph: { id: "00000003-0000-0000-c000-000000000000", name: "Microsoft Graph" },
  aadGraph: { id: "00000002-0000-0000-c000-000000000000", name: "Windows Azure Active Directory" },
  teams: { id: "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe", name: "Microsoft Teams Services" },
  officeHome: { id: "4765445b-32c6-49b0-83e6-1d93765276ca", name: "OfficeHome" },
  azureManagement: { id: "797f4846-ba00-4fd7-ba43-dac1f8f63013", name: "Windows Azure Service Management API" },
  deviceRegistration: { id: "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9", name: "Device Registration Service" },
} as const;

function app(appId: string, appDisplayName: string, resource: { id: string; name: string }): SignInApp {
  return { appId, appDisplayName, resourceId: resource.id, resourceDisplayName: resource.name };
}

export const APPS = {
  officeHome: app("4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome", RESOURCE.officeHome),
  outlookWeb: app("9199bf20-a13f-4107-85dc-02114787ef48", "One Outlook Web", RESOURCE.exchange),
  sharePointWeb: app("00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online", RESOURCE.sharePoint),
  officeToExchange: app("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office", RESOURCE.exchange),
  officeToGraph: app("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office", RESOURCE.graph),
  officeToSharePoint: app("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office", RESOURCE.sharePoint),
  teams: app("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams", RESOURCE.teams),
  teamsToGraph: app("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams", RESOURCE.graph),
  teamsWeb: app("5e3ce6c0-2b1f-4285-8d4b-75ee78787346", "Microsoft Teams Web Client", RESOURCE.teams),
  outlookMobile: app("27922004-5251-4030-b22d-91ecd9a37ea4", "Outlook Mobile", RESOURCE.exchange),
  oneDriveSync: app("ab9b8c07-8f02-4f72-87fa-80105867a763", "OneDrive SyncEngine", RESOURCE.sharePoint),
  mySignins: app("19db86c3-b2b9-44cc-b339-36da233a3be2", "My Signins", RESOURCE.graph),
  azurePortal: app("c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal", RESOURCE.azureManagement),
  exchangeLegacy: app("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", RESOURCE.exchange),
  authBroker: app("29d9ed98-a469-4536-ade2-f981bc1d605e", "Microsoft Authentication Broker", RESOURCE.deviceRegistration),
  authBrokerToGraph: app("29d9ed98-a469-4536-ade2-f981bc1d605e", "Microsoft Authentication Broker", RESOURCE.graph),
  aadPowerShell: app("1b730954-1685-4b74-9bfd-dac224a7b894", "Azure Active Directory PowerShell", RESOURCE.aadGraph),
} as const;
