// Pointer and annotation marks (issue #9) as every view holds them: strokes by
// id (a stroke sent again while it grows replaces itself), each fading out a
// few seconds after its last change, and "Clear marks" removing them all.
// Pure and clock-driven (the caller passes `now`), so tests need no timers.
import type { MarkMessage, MarkPoint, Stroke } from '../protocol/channel.ts';

/** A drawn stroke stays fully visible this long after its last change, then fades out over FADE_MS. */
export const HOLD_MS = 4000;
export const FADE_MS = 1000;
/** A pointer is a momentary thing. */
export const POINTER_HOLD_MS = 1500;

/** The colours marks are drawn in: a customer's and a rep's differ, so each sees whose is whose. */
export const MARK_COLORS = { customer: '#ff00ff', rep: '#00b7ff' } as const;

export interface VisibleMark {
  stroke: Stroke;
  /** 1 fully visible … 0 gone. */
  alpha: number;
}

export class MarkBoard {
  readonly #marks = new Map<string, { stroke: Stroke; at: number }>();

  apply(message: MarkMessage, now: number): void {
    if (message.type === 'mark.clear') {
      this.#marks.clear();
      return;
    }
    const { stroke } = message;
    // A pointer moves: only the latest position of each person's pointer is shown (one id per pointer).
    this.#marks.set(stroke.id, { stroke, at: now });
  }

  /** What to draw now; marks that have faded out are forgotten. */
  visible(now: number): VisibleMark[] {
    const shown: VisibleMark[] = [];
    for (const [id, { stroke, at }] of this.#marks) {
      const alpha = alphaAt(now - at, stroke.tool === 'pointer' ? POINTER_HOLD_MS : HOLD_MS);
      if (alpha <= 0) this.#marks.delete(id);
      else shown.push({ stroke, alpha });
    }
    return shown;
  }

  get size(): number {
    return this.#marks.size;
  }
}

export function alphaAt(age: number, hold: number): number {
  if (age <= hold) return 1;
  return Math.max(0, 1 - (age - hold) / FADE_MS);
}

/** Where the shared picture is inside a view: the whole view, or a letterboxed video's content box. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The content box of a video shown with object-fit: contain in an element of this size. */
export function containBox(element: { width: number; height: number }, video: { width: number; height: number }): Box {
  if (!video.width || !video.height || !element.width || !element.height) return { x: 0, y: 0, ...element };
  const scale = Math.min(element.width / video.width, element.height / video.height);
  const width = video.width * scale;
  const height = video.height * scale;
  return { x: (element.width - width) / 2, y: (element.height - height) / 2, width, height };
}

/** A point in the view to 0..1 of the box (clamped), or null when outside it. */
export function normalize(point: { x: number; y: number }, box: Box): MarkPoint | null {
  if (box.width <= 0 || box.height <= 0) return null;
  const x = (point.x - box.x) / box.width;
  const y = (point.y - box.y) / box.height;
  if (x < 0 || x > 1 || y < 0 || y > 1) return null;
  return [x, y];
}

/** Draws the marks on a 2D context whose coordinates are CSS pixels of the view. */
export function drawMarks(ctx: CanvasRenderingContext2D, marks: readonly VisibleMark[], box: Box): void {
  for (const { stroke, alpha } of marks) {
    ctx.globalAlpha = alpha;
    ctx.strokeStyle = stroke.color;
    ctx.fillStyle = stroke.color;
    const at = ([x, y]: MarkPoint) => [box.x + x * box.width, box.y + y * box.height] as const;
    if (stroke.tool === 'pointer') {
      const [x, y] = at(stroke.points.at(-1)!);
      ctx.beginPath();
      ctx.arc(x, y, 10, 0, Math.PI * 2);
      ctx.lineWidth = 4;
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x, y, 3, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    ctx.lineWidth = 5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    const [first, ...rest] = stroke.points;
    const [x0, y0] = at(first!);
    ctx.moveTo(x0, y0);
    // A single point is a dot.
    if (rest.length === 0) ctx.lineTo(x0 + 0.1, y0);
    for (const point of rest) {
      const [x, y] = at(point);
      ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}
