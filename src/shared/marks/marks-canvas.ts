// A canvas that shows a MarkBoard over a view, redrawn on animation frames
// while any mark is visible (they fade), idle otherwise. Used by the shared
// tab's overlay, the customer's stage and the dashboard's viewer.
import type { MarkMessage } from '../protocol/channel.ts';
import { drawMarks, MarkBoard, type Box } from './mark-board.ts';

export class MarksCanvas {
  readonly board = new MarkBoard();
  #timer: { cancel: () => void } | null = null;

  /** `box`: where the shared picture is in the canvas, in CSS pixels (the whole canvas by default). */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly box: () => Box | null = () => ({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight }),
    private readonly now: () => number = () => performance.now(),
  ) {}

  apply(message: MarkMessage): void {
    this.board.apply(message, this.now());
    // At once: a hidden tab (the rep's shared tab behind the dashboard) runs no animation frames.
    this.redraw();
  }

  destroy(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }

  /** Draw now (after a resize, too). */
  redraw(): void {
    this.#timer?.cancel();
    this.#timer = null;
    this.#draw();
  }

  /** The next frame: an animation frame when visible, else a timer (fades still finish in a hidden tab). */
  #schedule(): void {
    if (this.#timer) return;
    const run = () => {
      this.#timer = null;
      this.#draw();
    };
    if (document.visibilityState === 'visible') {
      const frame = requestAnimationFrame(run);
      this.#timer = { cancel: () => cancelAnimationFrame(frame) };
    } else {
      const timer = setTimeout(run, 100);
      this.#timer = { cancel: () => clearTimeout(timer) };
    }
  }

  #draw(): void {
    const { canvas } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const marks = this.board.visible(this.now());
    const box = this.box();
    if (box) drawMarks(ctx, marks, box);
    // Keep animating while anything is still fading.
    if (marks.length > 0) this.#schedule();
  }
}
