// The keyboard of a menu button, after the WAI-ARIA APG menu button pattern
// (https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/), as plain functions
// so the rules are tested without a DOM. MenuButton.tsx applies them.

/** A key on the (closed) menu button: which item to open the menu on, or null (not ours). Enter and Space come as the button's click. */
export function buttonKey(key: string, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') return 0;
  if (key === 'ArrowUp') return count - 1;
  return null;
}

export type MenuMove =
  /** Move focus to this item. */
  | { focus: number }
  /** Close the menu; `refocus`: put focus back on the menu button (Escape), else let it go where it goes (Tab). */
  | { close: true; refocus: boolean }
  /** Not a menu key: let the browser have it (Enter and Space click the item). */
  | null;

/** A key inside the open menu, with focus on item `index` of `count`. Arrows wrap. */
export function menuKey(key: string, index: number, count: number): MenuMove {
  if (key === 'Escape') return { close: true, refocus: true };
  if (key === 'Tab') return { close: true, refocus: false };
  if (count === 0) return null;
  if (key === 'ArrowDown') return { focus: (index + 1) % count };
  if (key === 'ArrowUp') return { focus: (index - 1 + count) % count };
  if (key === 'Home') return { focus: 0 };
  if (key === 'End') return { focus: count - 1 };
  return null;
}
