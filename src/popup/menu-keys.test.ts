import { describe, expect, it } from 'vitest';
import { buttonKey, menuKey } from './menu-keys.ts';

describe('buttonKey', () => {
  it('opens on the first item with ArrowDown and on the last with ArrowUp', () => {
    expect(buttonKey('ArrowDown', 3)).toBe(0);
    expect(buttonKey('ArrowUp', 3)).toBe(2);
  });

  it('leaves Enter, Space and other keys to the button (its click opens the menu)', () => {
    expect(buttonKey('Enter', 3)).toBeNull();
    expect(buttonKey(' ', 3)).toBeNull();
    expect(buttonKey('a', 3)).toBeNull();
    expect(buttonKey('ArrowDown', 0)).toBeNull();
  });
});

describe('menuKey', () => {
  it('moves with the arrows, wrapping, and jumps with Home and End', () => {
    expect(menuKey('ArrowDown', 0, 3)).toEqual({ focus: 1 });
    expect(menuKey('ArrowDown', 2, 3)).toEqual({ focus: 0 });
    expect(menuKey('ArrowUp', 0, 3)).toEqual({ focus: 2 });
    expect(menuKey('ArrowUp', 0, 1)).toEqual({ focus: 0 });
    expect(menuKey('Home', 2, 3)).toEqual({ focus: 0 });
    expect(menuKey('End', 0, 3)).toEqual({ focus: 2 });
  });

  it('closes on Escape (focus back on the button) and on Tab (focus moves on)', () => {
    expect(menuKey('Escape', 1, 3)).toEqual({ close: true, refocus: true });
    expect(menuKey('Tab', 1, 3)).toEqual({ close: true, refocus: false });
  });

  it('leaves Enter and Space to the item (they click it)', () => {
    expect(menuKey('Enter', 0, 3)).toBeNull();
    expect(menuKey(' ', 0, 3)).toBeNull();
  });
});
