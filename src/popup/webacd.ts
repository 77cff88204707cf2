// WebACD in the dashboard (FEATURES.md S21–S25, issue #8) as plain functions
// of the dashboard state, tested beside this file: the private message's
// counter, the session.handoff command the Transfer session dialog sends, who
// the dialog lists, and the time an offer has left.
import type { Directory, DashboardSession, PopupCommandBody } from '../shared/protocol/runtime.ts';
import { MAX_PRIVATE_MESSAGE } from '../shared/protocol/runtime.ts';

export type HandoffTab = 'queue' | 'agents';
export type DirectoryAgent = Directory['agents'][number];

/** Characters as the server counts them (code points, signaling/ws/handlers/session-handoff.ts), not UTF-16 units. */
export function messageLength(message: string): number {
  return [...message].length;
}

/** What the counter shows: negative once over the limit (S24: at most 345; the server refuses 346). */
export function charactersLeft(message: string): number {
  return MAX_PRIVATE_MESSAGE - messageLength(message);
}

export interface HandoffChoice {
  tab: HandoffTab;
  /** The queue chosen on the Queue tab. */
  queueId: string | undefined;
  /** The agents ticked on the Agents tab, in the order they were ticked. */
  userIds: readonly string[];
  message: string;
}

/**
 * The session.handoff the dialog sends, or null while Transfer must stay
 * disabled: nothing chosen on the open tab, or a message over the limit. The
 * open tab decides the target; what was chosen on the other one is ignored.
 * A blank message is left out (it is optional).
 */
export function handoffCommand(choice: HandoffChoice): Extract<PopupCommandBody, { type: 'session.handoff' }> | null {
  if (charactersLeft(choice.message) < 0) return null;
  const message = choice.message.trim();
  type Command = Extract<PopupCommandBody, { type: 'session.handoff' }>;
  let target: Command['target'] | null = null;
  if (choice.tab === 'queue' && choice.queueId) target = { kind: 'queue', queueId: choice.queueId };
  if (choice.tab === 'agents' && choice.userIds.length > 0) target = { kind: 'agents', userIds: [...new Set(choice.userIds)] };
  if (!target) return null;
  return message ? { type: 'session.handoff', target, message } : { type: 'session.handoff', target };
}

/** Tick or untick one agent, keeping the order of ticking. */
export function toggleAgent(userIds: readonly string[], userId: string, checked: boolean): string[] {
  const rest = userIds.filter((id) => id !== userId);
  return checked ? [...rest, userId] : rest;
}

/**
 * The agents the Agents tab lists: everyone but this rep, available ones first
 * (then busy, away, offline), by name within each. An offline agent is listed
 * but cannot be chosen (nobody would get the offer).
 */
export function listedAgents(directory: Directory | null, selfId: string | undefined): DirectoryAgent[] {
  if (!directory) return [];
  const order: Record<DirectoryAgent['status'], number> = { available: 0, busy: 1, away: 2, offline: 3 };
  return directory.agents
    .filter((agent) => agent.userId !== selfId)
    .sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name));
}

/** The chosen agents who are still listed and reachable (a choice can go stale when the directory refreshes). */
export function reachableChoice(agents: readonly DirectoryAgent[], userIds: readonly string[]): string[] {
  const ok = new Set(agents.filter((a) => a.status !== 'offline').map((a) => a.userId));
  return userIds.filter((id) => ok.has(id));
}

/** The queue's name for "Waiting in queue {queue}", if the directory knows it. */
export function queueName(directory: Directory | null, queueId: string | undefined): string | undefined {
  if (!queueId) return undefined;
  return directory?.queues.find((q) => q.id === queueId)?.name;
}

/** A handoff the rep is waiting on (offered or queued); accepted and cancelled are over. */
export function pendingHandoff(session: DashboardSession): DashboardSession['handoff'] {
  const handoff = session.handoff;
  return handoff && (handoff.state === 'offered' || handoff.state === 'queued') ? handoff : null;
}

/** Whole seconds left until `expiresAt` (never negative). */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/** "1:05", "0:09": minutes and seconds. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
