// `npm run sim:arm`: the ARM simulator on its own, seeded with the demo world (an AKS cluster with its
// managed VNet and a Kafka HDInsight cluster in its own VNet). Prints one JSON line with what a client
// needs, then serves until Ctrl-C:
//   {"endpoint":"https://127.0.0.1:<port>","caFile":"/tmp/.../ca.pem","subscriptionId":"...",...}
// Point kafka-aks at it with KAFKA_AKS_ARM_ENDPOINT=<endpoint> NODE_EXTRA_CA_CERTS=<caFile>
// AZURE_TOKEN_CREDENTIALS=AzureCliCredential and test/support/bin first on PATH (the stand-in `az`).
// ARM_SIM_LRO_MS sets how long each long-running operation runs (default 2000).
import { seedDemoWorld } from './seed.js';
import { startArmSimulator } from './server.js';

const sim = await startArmSimulator({ lroDurationMs: Number(process.env.ARM_SIM_LRO_MS ?? 2000) });
const world = seedDemoWorld(sim);
// Handlers first: once the line is out, a client may connect and stop us before this process runs again.
const stop = () => void sim.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.stdout.write(
  `${JSON.stringify({ endpoint: sim.endpoint, caFile: sim.caFile, subscriptionId: sim.subscriptionId, ...world })}\n`,
);
