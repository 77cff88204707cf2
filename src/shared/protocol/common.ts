// Building blocks shared by every message schema. Each is a runtime schema
// first; the TypeScript type is derived from it, so the two cannot drift.
import { z } from 'zod';

/** Largest message any edge accepts (issue #2: "oversized (over 64 KiB)"). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Nine digits, first one non-zero so the number never loses a digit when read aloud or typed into a number field. */
export const SessionNumber = z.string().regex(/^[1-9]\d{8}$/, 'a session number is 9 digits');
export type SessionNumber = z.infer<typeof SessionNumber>;

/** 128-bit random value, base64url without padding (22 characters). */
export const JoinToken = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'a join token is 22 base64url characters');

/** Server-issued ids (sessions, participants). */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{6,40}$/, 'not an id');
export type Id = z.infer<typeof Id>;

/** Request id chosen by the client; the server echoes it on the reply or error. */
export const RequestId = z.string().min(1).max(40);

/**
 * A person's name as typed: plain text, never HTML (DESIGN.md, Security).
 * Control characters are refused rather than silently stripped so the sender learns why.
 */
export const DisplayName = z
  .string()
  .trim()
  .min(1, 'a name is required')
  .max(64, 'a name is at most 64 characters')
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a name cannot contain control characters');

/**
 * An address as people type it: something@domain.tld. Deliberately looser than
 * zod's email() (which refuses one-letter top-level domains such as a@b.c, the
 * issue's own example); whether mail arrives is the mail server's business.
 */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'not an e-mail address');

export const Role = z.enum(['rep', 'agent', 'admin']);
export type Role = z.infer<typeof Role>;

/** What an RTCIceServer may carry; handed to clients as configuration. */
export const IceServer = z.object({
  urls: z.union([z.string().max(512), z.array(z.string().max(512)).max(8)]),
  username: z.string().max(256).optional(),
  credential: z.string().max(256).optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/** WebRTC signaling payload: a session description or an ICE candidate (null = end of candidates). */
export const SignalPayload = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('description'),
    description: z.object({
      type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
      sdp: z.string().max(60_000).optional(),
    }),
  }),
  z.object({
    kind: z.literal('candidate'),
    candidate: z
      .object({
        candidate: z.string().max(2048),
        sdpMid: z.string().max(64).nullable().optional(),
        sdpMLineIndex: z.number().int().min(0).max(1024).nullable().optional(),
        usernameFragment: z.string().max(256).nullable().optional(),
      })
      .nullable(),
  }),
]);
export type SignalPayload = z.infer<typeof SignalPayload>;

/** controller: the rep in charge; assistant: another rep who joined by number (S16–S17); customer. */
export const ParticipantRole = z.enum(['controller', 'assistant', 'customer']);
export const ParticipantState = z.enum(['lobby', 'connected', 'left']);

export const Participant = z.object({
  id: Id,
  name: DisplayName,
  role: ParticipantRole,
  state: ParticipantState,
  joinedAt: z.number().int(),
});
export type Participant = z.infer<typeof Participant>;
