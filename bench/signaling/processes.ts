// Starting the processes of a signaling measurement: a server under test and
// a load generator, each in a process of its own.
import { Child } from '../lib/proc.ts';
import type { Target } from './plan.ts';
import type { ServerInfo } from './servers/common.ts';

export const startServer = (target: Target) =>
  Child.start<ServerInfo>(new URL(`./servers/${target.module}`, import.meta.url), { args: target.args, nodeFlags: ['--expose-gc'] });
export const startLoadgen = () => Child.start(new URL('./loadgen.ts', import.meta.url));

/** Rep tokens for `count` PeerAssist pairs (one rep account each); other protocols need none. */
export const repTokens = (target: Target, server: Child<ServerInfo>, count: number) =>
  target.protocol === 'peerassist' ? server.call<string[]>('makeReps', { count }) : Promise.resolve([]);
