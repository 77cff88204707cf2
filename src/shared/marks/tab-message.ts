// background → the shared tab's marks overlay (content/marks-overlay.js).
import { z } from 'zod';
import { MarkMessage } from '../protocol/channel.ts';

export const MARKS_OVERLAY_ID = 'peerassist-marks-overlay';
export const MARKS_OVERLAY_SCRIPT = 'content/marks-overlay.js';

export const MarksForTab = z.object({ type: z.literal('peerassist.marks'), mark: MarkMessage });
export type MarksForTab = z.infer<typeof MarksForTab>;
