// What the participant list and the session tabs say about people, as plain
// functions of the dashboard state (tested beside this file).
import type { Participant } from '../shared/protocol/common.ts';
import type { DashboardSession, PeerQuality, PeerStatus } from '../shared/protocol/runtime.ts';
import { formatSessionNumber } from '../shared/session-number.ts';

/** A customer's state as the rep reads it (S12): the server's state, refined by the media link. */
export type CustomerState = 'lobby' | 'connected' | 'reconnecting' | 'left';

export function customerState(participant: Participant, peer: PeerStatus | undefined): CustomerState {
  if (participant.state !== 'connected') return participant.state;
  return peer === 'reconnecting' || peer === 'failed' ? 'reconnecting' : 'connected';
}

/** The word and the figures of a connection's quality, e.g. ["good", "12 ms", "3% loss"]: never colour alone. */
export function qualityParts(quality: PeerQuality): { level: PeerQuality['level']; rttMs?: number; lossPct?: number } {
  return {
    level: quality.level,
    ...(quality.rttMs !== undefined && { rttMs: Math.round(quality.rttMs) }),
    // Loss under half a percent is noise; above it, one decimal is all a person needs.
    ...(quality.lossPct !== undefined && quality.lossPct >= 0.5 && { lossPct: Math.round(quality.lossPct * 10) / 10 }),
  };
}

/** The people the controlling rep lists: everyone but themself, left customers last (greyed). */
export function listedParticipants(participants: readonly Participant[]): Participant[] {
  const others = participants.filter((p) => p.role !== 'controller');
  return [...others.filter((p) => p.state !== 'left'), ...others.filter((p) => p.state === 'left')];
}

/** Whom a session tab names: the supported customer, else the first one present, else nobody. */
export function sessionCustomerName(session: DashboardSession): string | undefined {
  const customers = session.participants.filter((p) => p.role === 'customer' && p.state !== 'left');
  const selected = customers.find((p) => p.id === session.selectedId);
  return (selected ?? customers[0])?.name;
}

export function sessionTabLabel(session: DashboardSession): { label: string; detail?: string } {
  const name = sessionCustomerName(session);
  return { label: formatSessionNumber(session.info.number), ...(name !== undefined && { detail: name }) };
}

/** Session tabs appear once the rep has more than one session, or works one customer per session (S15). */
export function showSessionTabs(sessions: readonly DashboardSession[], active: DashboardSession | null): boolean {
  return sessions.length > 1 || (sessions.length === 1 && !active) || active?.info.kind === 'multi';
}

/** Something on the stage or being shared that switching customer ends (S14). */
export function somethingShared(session: DashboardSession | null | undefined): boolean {
  return Boolean(session && (session.share.status !== 'idle' || session.stage));
}

/** What the switch notice remembers of the dashboard between two states. */
export interface SupportFocus {
  sessionId: string | null;
  selectedId: string | null;
  shared: boolean;
}

export function supportFocus(sessions: readonly DashboardSession[], active: DashboardSession | null): SupportFocus & { sessionIds: string[] } {
  return {
    sessionId: active?.info.id ?? null,
    selectedId: active?.selectedId ?? null,
    shared: somethingShared(active),
    sessionIds: sessions.map((s) => s.info.id),
  };
}

/**
 * Was this a switch of customer while something was shared (S14)? Another
 * customer selected in place of one, or another session tab activated while
 * the previous one still exists (not: a session ended, the first customer
 * selected). The background ends the shares; this only decides whether to say so.
 */
export function switchedWhileShared(before: SupportFocus | undefined, after: SupportFocus & { sessionIds: string[] }): boolean {
  if (!before?.shared) return false;
  if (before.sessionId !== after.sessionId) {
    return before.sessionId !== null && after.sessionId !== null && after.sessionIds.includes(before.sessionId);
  }
  return before.selectedId !== null && before.selectedId !== after.selectedId;
}
