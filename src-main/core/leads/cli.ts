/**
 * lead:parse — prints one JSON line per message (see ../shared/design/lead-format.md).
 * The only file of the lead intake that touches the filesystem.
 *   npm run -s lead:parse -- [--region US] [--time-zone America/Chicago] <file.eml | folder> [...]
 * Exit 0 when every input was read, 2 on bad usage, 1 if a path cannot be read.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { parseLeadEmail } from './parse-lead-email';
import { toContractLine } from './contract';
import type { DealershipOptions } from './types';

const USAGE = 'usage: npm run -s lead:parse -- [--region CC] [--time-zone Area/City] <file.eml | folder> [...]\n';

interface Args {
  paths: string[];
  options: DealershipOptions;
}

function parseArgs(argv: string[]): Args | string {
  const paths: string[] = [];
  const options: DealershipOptions = {};
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (onlyPaths || !a.startsWith('-') || a === '-') {
      paths.push(a);
      continue;
    }
    if (a === '--') {
      onlyPaths = true;
      continue;
    }
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = inline ?? argv[++i];
    if (flag === '--region') {
      if (!value || !/^[A-Za-z]{2}$/.test(value)) return `bad --region: ${value ?? '(missing)'}`;
      options.defaultRegion = value.toUpperCase();
    } else if (flag === '--time-zone' || flag === '--tz') {
      try {
        if (!value) throw new Error('missing');
        new Intl.DateTimeFormat('en-US', { timeZone: value });
      } catch {
        return `bad --time-zone: ${value ?? '(missing)'}`;
      }
      options.timeZone = value;
    } else {
      return `unknown option: ${a}`;
    }
  }
  if (paths.length === 0) return 'no input given';
  return { paths, options };
}

function write(line: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(line)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

async function expand(path: string): Promise<string[]> {
  const st = await stat(path);
  if (!st.isDirectory()) return [path];
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((d) => d.isFile() && d.name.toLowerCase().endsWith('.eml'))
    .map((d) => d.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const prefix = path.endsWith('/') ? path : `${path}/`;
  return names.map((n) => prefix + n);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`lead:parse: ${args}\n${USAGE}`);
    return 2;
  }
  let code = 0;
  for (const p of args.paths) {
    let files: string[];
    try {
      files = await expand(p);
    } catch (e) {
      process.stderr.write(`lead:parse: cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? 'error'}\n`);
      code = 1;
      continue;
    }
    for (const f of files) {
      let bytes: Buffer;
      try {
        bytes = await readFile(f);
      } catch (e) {
        process.stderr.write(`lead:parse: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? 'error'}\n`);
        code = 1;
        continue;
      }
      const result = await parseLeadEmail(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), args.options);
      await write(`${JSON.stringify(toContractLine(f, result))}\n`);
    }
  }
  return code;
}

process.stdout.on('error', () => process.exit(process.exitCode ?? 0));
main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`lead:parse: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
