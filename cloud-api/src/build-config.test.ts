import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * What `tsc -b` from the repository root does with cloud-api: every project it reaches
 * through ../tsconfig.json is read here; the ones that emit JavaScript (into dist/) must
 * hold no test or test support, and every test file must still be type-checked by one.
 */
const cloudApi = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(cloudApi, '..');

function parse(configPath: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  return parsed;
}

/** The projects `tsc -b` builds from a config, references first. */
function projectsFrom(configPath: string, seen = new Map<string, ts.ParsedCommandLine>()): Map<string, ts.ParsedCommandLine> {
  const file = ts.sys.fileExists(configPath) ? configPath : path.join(configPath, 'tsconfig.json');
  if (seen.has(file)) return seen;
  const parsed = parse(file);
  seen.set(file, parsed);
  for (const ref of parsed.projectReferences ?? []) projectsFrom(ref.path, seen);
  return seen;
}

const isTestSupport = (file: string) => /\.test\.ts$/.test(file) || /[/\\]testing[/\\]/.test(file);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && isTestSupport(path.join(e.parentPath, e.name)) && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('cloud-api build configuration', () => {
  const projects = [...projectsFrom(path.join(repoRoot, 'tsconfig.json')).entries()].filter(([file]) =>
    file.startsWith(cloudApi + path.sep),
  );

  it('the root build reaches cloud-api projects', () => {
    expect(projects.length).toBeGreaterThan(0);
  });

  it('projects that emit JavaScript compile no test or test support, not even through an import', () => {
    const emitting = projects.filter(([, p]) => !p.options.noEmit && !p.options.emitDeclarationOnly && p.fileNames.length > 0);
    expect(emitting).toHaveLength(1); // the one that writes dist/
    for (const [, p] of emitting) {
      const program = ts.createProgram({ rootNames: p.fileNames, options: p.options, projectReferences: p.projectReferences ?? [] });
      const compiled = program
        .getSourceFiles()
        .map((f) => path.normalize(f.fileName))
        .filter((f) => f.startsWith(path.join(cloudApi, 'src') + path.sep));
      expect(compiled.length).toBeGreaterThan(20);
      expect(compiled.filter(isTestSupport).map((f) => path.relative(cloudApi, f))).toEqual([]);
    }
  }, 60_000);

  it('every test and test support file is still type-checked by the root build', () => {
    const checked = new Set(projects.flatMap(([, p]) => p.fileNames.map((f) => path.normalize(f))));
    const unchecked = testFiles(path.join(cloudApi, 'src')).filter((f) => !checked.has(path.normalize(f)));
    expect(unchecked.map((f) => path.relative(cloudApi, f))).toEqual([]);
  });
});
