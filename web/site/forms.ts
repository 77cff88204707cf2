// What the site's forms accept, checked with the protocol's own schemas so the
// page never lets through something the server would refuse.
import { DisplayName, SessionNumber } from '../../src/shared/protocol/common.ts';
import { normalizeSessionNumber } from '../../src/shared/session-number.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false };

/**
 * "123 456 789", "123-456-789" or "123456789" → "123456789". NFKC first, so
 * full-width digits from a CJK input method count as digits.
 */
export function checkSessionNumber(input: string): Checked<string> {
  const result = SessionNumber.safeParse(normalizeSessionNumber(input.normalize('NFKC').trim()));
  return result.success ? { ok: true, value: result.data } : { ok: false };
}

/** A display name, trimmed; plain text, at most 64 characters, no control characters. */
export function checkName(input: string): Checked<string> {
  const result = DisplayName.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false };
}
