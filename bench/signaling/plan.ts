// What the signaling bench runs against and how hard: the servers under test
// (each started as its own process by the file named in `module`) and the plan.
import type { Protocol } from './clients.ts';

export interface Target {
  name: 'peerassist' | 'peerassist-unlimited' | 'peerjs' | 'bare';
  label: string;
  protocol: Protocol;
  module: string;
  args: string[];
}

export const TARGETS: Target[] = [
  { name: 'peerassist', label: 'PeerAssist', protocol: 'peerassist', module: 'peerassist.ts', args: [] },
  {
    name: 'peerassist-unlimited',
    label: 'PeerAssist, rate limit lifted',
    protocol: 'peerassist',
    module: 'peerassist.ts',
    args: ['--unlimited'],
  },
  { name: 'peerjs', label: 'PeerJS server (peer)', protocol: 'peerjs', module: 'peerjs.ts', args: [] },
  { name: 'bare', label: 'bare ws relay', protocol: 'bare', module: 'bare-relay.ts', args: [] },
];

export interface Plan {
  windows: number;
  windowMs: number;
  warmupMs: number;
  /** Closed loop under PeerAssist's limit: many pairs, each socket at most this many messages/s. */
  pacedPairs: number;
  pacedRate: number;
  /** Closed loop as fast as round trips allow (PeerAssist only with the limit lifted). */
  unpacedPairs: number;
  /** Open loop for latency: total messages/s over latencyPairs pairs. */
  latencyRate: number;
  latencyPairs: number;
  connectConcurrency: number;
  memorySessions: number;
  memoryRuns: number;
}

export const FULL_PLAN: Plan = {
  windows: 3,
  windowMs: 2500,
  warmupMs: 750,
  pacedPairs: 1500,
  pacedRate: 40,
  unpacedPairs: 100,
  latencyRate: 2000,
  latencyPairs: 100,
  connectConcurrency: 32,
  memorySessions: 2000,
  memoryRuns: 3,
};

export const QUICK_PLAN: Plan = { ...FULL_PLAN, windows: 2, windowMs: 1000, warmupMs: 500, pacedPairs: 500, memorySessions: 500, memoryRuns: 2 };
