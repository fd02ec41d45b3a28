import { AuthenticationHandler, Client, HTTPMessageHandler, TelemetryHandler } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js";
import type { TokenCredential } from "@azure/identity";
import type { Dispatcher } from "undici";

/**
 * The Microsoft Graph JS client, with the SDK's RetryHandler and RedirectHandler left out of the
 * chain on purpose: the gateway owns retries (it must also retry throttled $batch sub-requests,
 * which the RetryHandler never sees, and it scales waits to a simulator's time scale).
 */
export function createGraphClient(graphUrl: string, scope: string, credential: TokenCredential, dispatcher: Dispatcher): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [scope] });
  const authentication = new AuthenticationHandler(authProvider);
  const telemetry = new TelemetryHandler();
  authentication.setNext(telemetry);
  telemetry.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({
    middleware: authentication,
    baseUrl: graphUrl,
    // The SDK sends the Authorization header only to Graph's own hosts or these; hostname only.
    customHosts: new Set([new URL(graphUrl).hostname]),
    fetchOptions: { dispatcher } as RequestInit,
  });
}
