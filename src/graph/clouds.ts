/**
 * National clouds: the authority (token) host and the Graph host each one uses. The token scope
 * always names the cloud's own Graph resource, even when the Graph URL is overridden (a proxy or the
 * local simulator still serves "Graph").
 */
export type CloudName = "global" | "usgov" | "usgovdod" | "china";

export interface CloudEndpoints {
  authorityHost: string;
  graphUrl: string;
}

export const CLOUDS: Readonly<Record<CloudName, CloudEndpoints>> = {
  global: { authorityHost: "https://login.microsoftonline.com", graphUrl: "https://graph.microsoft.com" },
  usgov: { authorityHost: "https://login.microsoftonline.us", graphUrl: "https://graph.microsoft.us" },
  usgovdod: { authorityHost: "https://login.microsoftonline.us", graphUrl: "https://dod-graph.microsoft.us" },
  china: { authorityHost: "https://login.chinacloudapi.cn", graphUrl: "https://microsoftgraph.chinacloudapi.cn" },
};
