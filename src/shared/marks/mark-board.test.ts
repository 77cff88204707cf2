import { describe, expect, it } from 'vitest';
import type { Stroke } from '../protocol/channel.ts';
import { alphaAt, containBox, FADE_MS, HOLD_MS, MarkBoard, normalize, POINTER_HOLD_MS } from './mark-board.ts';

const stroke = (id: string, tool: Stroke['tool'] = 'draw'): Stroke => ({ id, tool, color: '#ff00ff', points: [[0.1, 0.2]] });

describe('marks', () => {
  it('a stroke sent again while it grows replaces itself; Clear marks removes everything', () => {
    const board = new MarkBoard();
    board.apply({ type: 'mark.stroke', stroke: stroke('stroke-001') }, 0);
    board.apply({ type: 'mark.stroke', stroke: { ...stroke('stroke-001'), points: [[0.1, 0.2], [0.3, 0.4]] } }, 10);
    board.apply({ type: 'mark.stroke', stroke: stroke('stroke-002') }, 10);
    expect(board.visible(20).map((m) => [m.stroke.id, m.stroke.points.length])).toEqual([
      ['stroke-001', 2],
      ['stroke-002', 1],
    ]);
    board.apply({ type: 'mark.clear' }, 30);
    expect(board.visible(30)).toEqual([]);
  });

  it('marks stay, then fade out and are forgotten; pointers go sooner', () => {
    const board = new MarkBoard();
    board.apply({ type: 'mark.stroke', stroke: stroke('stroke-001') }, 0);
    board.apply({ type: 'mark.stroke', stroke: stroke('pointer-01', 'pointer') }, 0);
    expect(board.visible(POINTER_HOLD_MS).map((m) => m.alpha)).toEqual([1, 1]);
    expect(board.visible(POINTER_HOLD_MS + FADE_MS).map((m) => m.stroke.id)).toEqual(['stroke-001']);
    expect(board.visible(HOLD_MS + FADE_MS / 2)[0]?.alpha).toBeCloseTo(0.5);
    expect(board.visible(HOLD_MS + FADE_MS)).toEqual([]);
    expect(board.size).toBe(0);
    expect(alphaAt(0, HOLD_MS)).toBe(1);
  });

  it('maps view points to 0..1 of a letterboxed picture, and refuses points outside it', () => {
    // A 16:9 picture in a 4:3 element: bars above and below.
    const box = containBox({ width: 800, height: 600 }, { width: 1600, height: 900 });
    expect(box).toEqual({ x: 0, y: 75, width: 800, height: 450 });
    expect(normalize({ x: 400, y: 300 }, box)).toEqual([0.5, 0.5]);
    expect(normalize({ x: 400, y: 50 }, box)).toBeNull();
    // No picture size yet: the whole element.
    expect(containBox({ width: 800, height: 600 }, { width: 0, height: 0 })).toEqual({ x: 0, y: 0, width: 800, height: 600 });
  });
});
