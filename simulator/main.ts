/** CLI: `node dist/simulator/main.js` prints one ready line with its origin, then where the Gmail half lives. */
import { startSimulator } from './server';

const simulator = await startSimulator(Number(process.env.SIMULATOR_PORT ?? 0));
process.stdout.write(`simulator listening on ${simulator.origin}\n`);
const { rootUrl, oauth2AuthBaseUrl, controlUrl } = simulator.gmail;
process.stdout.write(`gmail: api ${rootUrl}gmail/v1, oauth ${oauth2AuthBaseUrl}, control ${controlUrl}\n`);
const stop = () => void simulator.close().finally(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
