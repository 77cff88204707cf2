// `npm run bench [-- group…] [-- --quick]`: PeerAssist beside its references,
// in one run, on this machine. Groups: media (join → first frame, glass to
// glass), fanout, signaling, extension, cluster (1–3 nodes on Redis); all of
// them by default. Each group runs
// in a process of its own and closes every browser and server it starts.
//
// Writes bench/results/latest.json (everything measured) and latest.md (the
// short table, also printed). Running some groups replaces only theirs; the
// others keep their figures and the date they were measured.
// --quick shortens every plan, to try the bench; its figures are not results.
// --table measures nothing: it prints the table again from latest.json (and rewrites README.md's block).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildAll } from '../scripts/build.ts';
import { GROUPS, type Group } from './lib/group.ts';
import { machine } from './lib/machine.ts';
import { Child } from './lib/proc.ts';
import { waitForQuiet } from './lib/quiet.ts';
import { renderTable, type Results } from './lib/table.ts';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const RESULTS_DIR = at('./results/');
const JSON_PATH = `${RESULTS_DIR}latest.json`;
const MD_PATH = `${RESULTS_DIR}latest.md`;
/** A group that takes longer than this is stuck: kill it, keep the others. */
const GROUP_TIMEOUT_MS = 8 * 60_000;

function parseArgs(argv: string[]): { groups: Group[]; quick: boolean; tableOnly: boolean } {
  const quick = argv.includes('--quick');
  const tableOnly = argv.includes('--table');
  const named = argv.filter((a) => !a.startsWith('--'));
  for (const name of named) {
    if (!(GROUPS as readonly string[]).includes(name)) {
      console.error(`unknown group "${name}": choose from ${GROUPS.join(', ')}`);
      process.exit(2);
    }
  }
  return { groups: named.length ? (named as Group[]) : [...GROUPS], quick, tableOnly };
}

async function previous(): Promise<Results['groups']> {
  try {
    return (JSON.parse(await readFile(JSON_PATH, 'utf8')) as Results).groups ?? {};
  } catch {
    return {};
  }
}

async function printTable(): Promise<void> {
  const results = JSON.parse(await readFile(JSON_PATH, 'utf8')) as Results;
  const markdown = renderTable(results);
  await writeFile(MD_PATH, `${markdown}\n`);
  await updateReadme(markdown);
  console.log(markdown);
}

const README_PATH = at('../README.md');
const BEGIN = '<!-- bench:begin';
const END = '<!-- bench:end -->';

/** The README's figures are the bench's own output, never typed by hand: its marked block is replaced. */
async function updateReadme(markdown: string): Promise<void> {
  const readme = await readFile(README_PATH, 'utf8');
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) return console.warn('README.md has no bench block: left alone');
  const beginLine = readme.slice(begin, readme.indexOf('\n', begin) + 1);
  const body = markdown.replace(/^## Performance\n\n/, '### Latest figures\n\n');
  await writeFile(README_PATH, `${readme.slice(0, begin)}${beginLine}${body}\n${readme.slice(end)}`);
}

async function main(): Promise<void> {
  const { groups, quick, tableOnly } = parseArgs(process.argv.slice(2));
  if (tableOnly) return printTable();
  const started = performance.now();
  if (!existsSync(at('../dist/chrome/manifest.json')) || !existsSync(at('../dist/web/index.html'))) {
    console.log('dist/ is missing: building first');
    await buildAll();
  }
  const m = await machine();
  console.log(`${m.cpu}, ${m.cores} cores · ${m.os} · Node ${m.node} · ${m.chromium} · commit ${m.commit}`);
  if (quick) console.log('--quick: shortened plans; these figures are for trying the bench, not for RESULTS.md');

  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const results: Results = {
    command,
    machine: m,
    groups: await previous(),
  };
  const failed: Group[] = [];
  for (const group of groups) {
    const groupStarted = performance.now();
    const quiet = await waitForQuiet();
    console.log(`\n== ${group} (CPU ${Math.round(quiet.idle * 100)}% idle before it${quiet.waitedMs > 1500 ? `, after waiting ${Math.round(quiet.waitedMs / 1000)} s` : ''})`);
    const child = await Child.start(new URL('./lib/group.ts', import.meta.url));
    try {
      const result = await child.call('run', { group, quick }, GROUP_TIMEOUT_MS);
      (results.groups as Record<string, unknown>)[group] = { measuredAt: new Date().toISOString(), command, idleBefore: quiet.idle, quick, result };
      console.log(`== ${group} done in ${Math.round((performance.now() - groupStarted) / 1000)} s`);
    } catch (error) {
      failed.push(group);
      console.error(`== ${group} failed:`, error instanceof Error ? error.message : error);
    } finally {
      await child.stop();
    }
  }

  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(JSON_PATH, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderTable(results);
  await writeFile(MD_PATH, `${markdown}\n`);
  await updateReadme(markdown);
  console.log(`\n${markdown}`);
  console.log(`\nwrote ${JSON_PATH} and ${MD_PATH} in ${Math.round((performance.now() - started) / 1000)} s`);
  if (failed.length) {
    console.error(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
