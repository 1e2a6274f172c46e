// Starts the local stack on its embedded defaults: the provider simulator (Google- and
// Microsoft-like sign-in), cloud-api (with its own Postgres) trusting the simulator's issuers,
// and the desktop core in the browser host signing in there. Prints the address to open.
// Ctrl+C stops them all. With LEADPULSE_OIDC_*_CLIENT_ID set, real providers are used instead.
// Expects a build (npm run build); `npm run up` does install + build + this.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const children = [];

function start(name, args, env, readyPattern) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString('utf8');
      if (!out.match(readyPattern)) {
        out += text;
        const match = out.match(readyPattern);
        if (match) resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`${name} stopped (exit ${code}) before it was ready`));
      // One part gone means LeadPulse is not working: say so and stop the rest.
      if (!stopping) {
        console.error(`${name} stopped (exit ${code}); stopping LeadPulse.`);
        process.exitCode = 1;
        stopAll();
      }
    });
  });
}

let stopping = false;
function stopAll() {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.once('SIGINT', stopAll);
process.once('SIGTERM', stopAll);

const SIMULATOR_CLIENT_ID = 'leadpulse-desktop-dev.apps.simulator';
const realProviders = ['LEADPULSE_OIDC_CLIENT_ID', 'LEADPULSE_OIDC_GOOGLE_CLIENT_ID', 'LEADPULSE_OIDC_MICROSOFT_CLIENT_ID']
  .some((name) => process.env[name]);

/** The cloud trusts the simulator's issuers; the desktop signs in there with the dev client id. */
function simulatorEnv(origin) {
  const issuer = (name) => `${origin}/${name}`;
  const provider = (name) => ({ name, issuer: issuer(name), jwksUri: `${issuer(name)}/jwks`, clientIds: [SIMULATOR_CLIENT_ID], emailVerifiedClaim: 'email_verified' });
  return {
    cloud: { OIDC_PROVIDERS: JSON.stringify([provider('google'), provider('microsoft')]) },
    desktop: {
      LEADPULSE_OIDC_GOOGLE_ISSUER: issuer('google'),
      LEADPULSE_OIDC_MICROSOFT_ISSUER: issuer('microsoft'),
      LEADPULSE_OIDC_CLIENT_ID: SIMULATOR_CLIENT_ID,
    },
  };
}

try {
  let sim = { cloud: {}, desktop: {} };
  if (!realProviders) {
    const origin = await start('simulator', ['dist/simulator/main.js'], {}, /simulator listening on (\S+)/);
    console.log(`sign-in simulator: ${origin} (Google: ${origin}/google, Microsoft: ${origin}/microsoft)`);
    sim = simulatorEnv(origin);
  }
  const cloudUrl = process.env.LEADPULSE_CLOUD_URL ?? await start('cloud-api', ['cloud-api/dist/main.js'], sim.cloud, /cloud-api listening on (\S+)/);
  console.log(`cloud-api: ${cloudUrl}`);
  const appUrl = await start('browser host', ['dist/host/main.js'], { LEADPULSE_CLOUD_URL: cloudUrl, ...sim.desktop }, /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/);
  console.log(`\nLeadPulse is running (browser host; Electron is not needed). Open:\n\n  ${appUrl}\n\nPress Ctrl+C to stop.`);
} catch (error) {
  console.error(`LeadPulse could not start: ${error.message}`);
  stopAll();
  process.exitCode = 1;
}
