// A session's snapshot as stored outside the process (SQLite for one node,
// Redis for several): parsed, never cast, when read back.
import { z } from 'zod';

export const SessionSnapshotSchema = z.object({
  id: z.string(),
  number: z.string(),
  joinToken: z.string(),
  controllerUserId: z.string(),
  controllerName: z.string(),
  controllerEmail: z.string(),
  controllerParticipantId: z.string(),
  kind: z.enum(['single', 'multi']),
  startedAt: z.number(),
  controllerJoinedAt: z.number(),
});
