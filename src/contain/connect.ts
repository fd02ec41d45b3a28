import type { Config } from "../config/schema.js";
import { createGraphGateway, type GraphGateway } from "../graph/gateway.js";
import { resolveGraphSettings } from "../graph/settings.js";
import { openDataSource, type SourceRequest } from "../scan/data-source.js";

export interface GraphConnection {
  gateway: GraphGateway;
  close(): Promise<void>;
}

/**
 * The same door to Graph the scan uses: real Graph, or the embedded simulator serving a snapshot or
 * the demo tenant. A simulator's state lives only while this connection is open.
 */
export async function connectGraph(request: SourceRequest, config: Config, env: NodeJS.ProcessEnv, now: Date): Promise<GraphConnection> {
  const source = await openDataSource(request, config, env, now);
  try {
    const gateway = createGraphGateway(resolveGraphSettings(config, source.env), { timeScale: source.timeScale, caCertPem: source.caCertPem });
    return {
      gateway,
      close: async () => {
        await gateway.close();
        await source.close();
      },
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}
