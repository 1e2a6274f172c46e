// Starts the local stack on its embedded defaults: cloud-api (with its own Postgres) and the
// desktop core in the browser host. Prints the address to open. Ctrl+C stops both.
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
    child.once('exit', (code) => reject(new Error(`${name} stopped (exit ${code}) before it was ready`)));
  });
}

function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.once('SIGINT', stopAll);
process.once('SIGTERM', stopAll);

try {
  const cloudUrl = process.env.LEADPULSE_CLOUD_URL ?? await start('cloud-api', ['cloud-api/dist/main.js'], {}, /cloud-api listening on (\S+)/);
  console.log(`cloud-api: ${cloudUrl}`);
  const appUrl = await start('browser host', ['dist/host/main.js'], { LEADPULSE_CLOUD_URL: cloudUrl }, /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/);
  console.log(`\nLeadPulse is running (browser host; Electron is not needed). Open:\n\n  ${appUrl}\n\nPress Ctrl+C to stop.`);
} catch (error) {
  console.error(`LeadPulse could not start: ${error.message}`);
  stopAll();
  process.exitCode = 1;
}
