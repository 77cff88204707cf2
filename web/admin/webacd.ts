// Words for the Queues tab's live view (issue #8): how long a session has
// waited, where it stands, and the one-sentence-per-queue summary that the
// polite live region reads. Pure, so tests need no page.
import type { WebacdQueue, WebacdWaiting } from '../../src/shared/protocol/admin.ts';
import type { Translate } from '../../src/shared/i18n/index.ts';

/** "42 s", "3 min 5 s", "1 h 20 min"; never negative (the clock may step back). */
export function waitedFor(ms: number, t: Translate): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t('admin_webacd_hours', { h, m });
  if (m > 0) return t('admin_webacd_minutes', { m, s });
  return t('admin_webacd_seconds', { s });
}

/** Where a waiting session stands: its place, or why it has none. */
export function placeOf(waiting: Pick<WebacdWaiting, 'state' | 'position'>, t: Translate): string {
  if (waiting.state === 'offered') return t('admin_webacd_offered');
  if (waiting.state === 'dormant' || waiting.position === null) return t('admin_webacd_dormant');
  return t('admin_webacd_place', { n: waiting.position });
}

/**
 * What the live region says: one sentence per queue, counts only. It leaves
 * out the waiting times (which change every poll) so that unchanged data gives
 * the same text, and the screen reader stays quiet.
 */
export function liveSummary(queues: readonly WebacdQueue[], t: Translate): string {
  return queues
    .map((queue) =>
      t('admin_webacd_summary', {
        queue: queue.name,
        waiting: queue.waiting.length,
        available: queue.agents.filter((agent) => agent.status === 'available').length,
        agents: queue.agents.length,
      }),
    )
    .join(' ');
}
