// Pointer and annotation on a view of the shared screen (issue #9), for the
// customer's stage and the dashboard's viewer: the mode (off, draw, pointer),
// the canvas that shows everyone's marks, and turning pointer input into
// strokes in 0..1 coordinates of the shared picture, sent as they grow.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { MAX_STROKE_POINTS, newChatId, type MarkMessage, type MarkPoint, type Stroke } from '../protocol/channel.ts';
import { containBox, normalize, type Box } from './mark-board.ts';
import { MarksCanvas } from './marks-canvas.ts';

export type MarkMode = 'off' | 'draw' | 'pointer';

/** How often a growing stroke or a moving pointer is sent (ms). */
const SEND_EVERY_MS = 40;

export interface Marks {
  mode: MarkMode;
  setMode: (mode: MarkMode) => void;
  /** A mark from someone else. */
  receive: (mark: MarkMessage) => void;
  /** "Clear marks": everyone's, on every view. */
  clear: () => void;
  /** Bound to the overlay canvas by MarksOverlay. */
  bind: (canvas: HTMLCanvasElement | null) => void;
  color: string;
  send: (mark: MarkMessage) => void;
  show: (mark: MarkMessage) => void;
}

export function useMarks(send: (mark: MarkMessage) => void, color: string): Marks {
  const [mode, setMode] = useState<MarkMode>('off');
  const canvas = useRef<MarksCanvas | null>(null);
  const sender = useRef(send);
  sender.current = send;
  // Stable across renders: a new ref callback each render would rebuild the canvas and lose its marks.
  const stable = useMemo(() => {
    const show = (mark: MarkMessage) => canvas.current?.apply(mark);
    return {
      show,
      receive: show,
      send: (mark: MarkMessage) => sender.current(mark),
      clear: () => {
        sender.current({ type: 'mark.clear' });
        show({ type: 'mark.clear' });
      },
      bind: (element: HTMLCanvasElement | null) => {
        canvas.current?.destroy();
        canvas.current = element ? new MarksCanvas(element, () => videoBox(element)) : null;
      },
    };
  }, []);
  useEffect(() => () => canvas.current?.destroy(), []);
  return { mode, setMode, color, ...stable };
}

/** The shared picture's box in the canvas: the video beside it, letterboxed (object-fit: contain). */
function videoBox(canvas: HTMLCanvasElement): Box | null {
  const video = canvas.parentElement?.querySelector('video');
  const element = { width: canvas.clientWidth, height: canvas.clientHeight };
  if (!video || video.hidden) return null;
  return containBox(element, { width: video.videoWidth, height: video.videoHeight });
}

/** Pointer input on the overlay to strokes; returns the handlers for the canvas. */
export function useMarkInput(marks: Marks) {
  const current = useRef<{ stroke: Stroke; sentAt: number; pointerId: number } | null>(null);
  const pointerId = useRef(newChatId());
  const lastPointerSend = useRef(0);

  const pointOf = (event: PointerEvent): MarkPoint | null => {
    const canvas = event.currentTarget as HTMLCanvasElement;
    const rect = canvas.getBoundingClientRect();
    const box = videoBox(canvas);
    return box ? normalize({ x: event.clientX - rect.left, y: event.clientY - rect.top }, box) : null;
  };

  const emit = (stroke: Stroke) => {
    const message: MarkMessage = { type: 'mark.stroke', stroke: { ...stroke, points: [...stroke.points] } };
    marks.show(message);
    marks.send(message);
  };

  return {
    onPointerDown: (event: PointerEvent) => {
      if (marks.mode !== 'draw') return;
      const point = pointOf(event);
      if (!point) return;
      (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
      event.preventDefault();
      current.current = { stroke: { id: newChatId(), tool: 'draw', color: marks.color, points: [point] }, sentAt: performance.now(), pointerId: event.pointerId };
      emit(current.current.stroke);
    },
    onPointerMove: (event: PointerEvent) => {
      const point = pointOf(event);
      if (!point) return;
      if (marks.mode === 'pointer') {
        const now = performance.now();
        if (now - lastPointerSend.current < SEND_EVERY_MS) return;
        lastPointerSend.current = now;
        emit({ id: pointerId.current, tool: 'pointer', color: marks.color, points: [point] });
        return;
      }
      const drawing = current.current;
      if (marks.mode !== 'draw' || !drawing || drawing.pointerId !== event.pointerId) return;
      drawing.stroke.points.push(point);
      if (drawing.stroke.points.length >= MAX_STROKE_POINTS) {
        // A long drawing goes on as a new stroke from where this one ends.
        emit(drawing.stroke);
        drawing.stroke = { ...drawing.stroke, id: newChatId(), points: [point] };
      }
      const now = performance.now();
      if (now - drawing.sentAt >= SEND_EVERY_MS) {
        drawing.sentAt = now;
        emit(drawing.stroke);
      }
    },
    onPointerUp: (event: PointerEvent) => {
      const drawing = current.current;
      if (!drawing || drawing.pointerId !== event.pointerId) return;
      current.current = null;
      emit(drawing.stroke);
    },
  };
}
