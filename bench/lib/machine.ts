// What the figures were measured on, printed and saved with them.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { chromiumVersion } from './browsers.ts';

function osName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]+)"?/m.exec(text)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function packageVersion(name: string): string {
  try {
    const path = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'signaling', 'src', 'web'], { encoding: 'utf8' }).trim();
    return dirty ? `${sha} + uncommitted changes` : sha;
  } catch {
    return 'unknown';
  }
}

/** When dist/ was built: the bench measures the build it finds (and builds only if there is none). */
function builtAt(): string {
  try {
    return statSync(new URL('../../dist/chrome/manifest.json', import.meta.url)).mtime.toISOString();
  } catch {
    return 'not built';
  }
}

export async function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osName()} (Linux ${release()})`,
    node: process.version,
    chromium: await chromiumVersion(),
    packages: { ws: packageVersion('ws'), peer: packageVersion('peer'), 'puppeteer-core': packageVersion('puppeteer-core') },
    commit: commit(),
    distBuiltAt: builtAt(),
  };
}

export type Machine = Awaited<ReturnType<typeof machine>>;
