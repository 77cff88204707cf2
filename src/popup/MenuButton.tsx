// A menu button ("Transfer session ▾"), after the WAI-ARIA APG menu button
// pattern: a <button aria-haspopup="menu"> that opens a role="menu" of
// role="menuitem" buttons. The click (Enter, Space) and ArrowDown open it on
// the first item, ArrowUp on the last; arrows move (wrapping), Home/End jump,
// Escape closes it and puts focus back on the button, Tab closes it and moves
// on, a click elsewhere closes it. The key rules are in menu-keys.ts.
import type { Ref, TargetedKeyboardEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { buttonKey, menuKey } from './menu-keys.ts';

export interface MenuItem {
  id: string;
  label: string;
  /** Still focusable (APG: disabled items stay in the arrow order), but does nothing. */
  disabled?: boolean;
  onSelect: () => void;
}

interface Props {
  /** Prefix of the button's and the menu's ids. */
  id: string;
  label: string;
  items: readonly MenuItem[];
  /** The menu button itself, e.g. for a dialog opened from the menu to give focus back to. */
  buttonRef?: Ref<HTMLButtonElement>;
}

export function MenuButton({ id, label, items, buttonRef }: Props) {
  // Which item to focus once the menu has rendered, or null while closed.
  const [openAt, setOpenAt] = useState<number | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const ownButton = useRef<HTMLButtonElement | null>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const open = openAt !== null;
  const buttonId = `${id}-button`;
  const menuId = `${id}-menu`;

  useEffect(() => {
    if (openAt !== null) itemRefs.current[openAt]?.focus();
  }, [openAt]);

  // A click (or touch) anywhere else closes the menu, leaving focus where it lands.
  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpenAt(null);
    };
    document.addEventListener('pointerdown', onPointerDown, { signal: abort.signal, capture: true });
    return () => abort.abort();
  }, [open]);

  const close = (refocus: boolean) => {
    setOpenAt(null);
    if (refocus) ownButton.current?.focus();
  };

  const onButtonKeyDown = (event: TargetedKeyboardEvent<HTMLButtonElement>) => {
    const at = buttonKey(event.key, items.length);
    if (at === null) return;
    event.preventDefault();
    setOpenAt(at);
  };

  const onMenuKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const focused = event.currentTarget.ownerDocument.activeElement;
    const index = Math.max(0, itemRefs.current.findIndex((el) => el === focused));
    const move = menuKey(event.key, index, items.length);
    if (!move) return;
    if ('focus' in move) {
      event.preventDefault();
      itemRefs.current[move.focus]?.focus();
      return;
    }
    // Tab keeps its default: focus moves on from the button's place in the page.
    if (move.refocus) event.preventDefault();
    close(move.refocus);
  };

  return (
    <div class="menu-button" ref={wrapper}>
      <button
        ref={(el) => {
          ownButton.current = el;
          if (typeof buttonRef === 'function') buttonRef(el);
          else if (buttonRef) buttonRef.current = el;
        }}
        type="button"
        id={buttonId}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => (open ? close(true) : setOpenAt(0))}
        onKeyDown={onButtonKeyDown}
      >
        {label}
        <span class="caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <div role="menu" id={menuId} aria-labelledby={buttonId} class="menu" hidden={!open} onKeyDown={onMenuKeyDown}>
        {items.map((item, index) => (
          <button
            key={item.id}
            ref={(el) => {
              itemRefs.current[index] = el;
            }}
            type="button"
            role="menuitem"
            tabIndex={-1}
            aria-disabled={item.disabled ? 'true' : undefined}
            onClick={() => {
              if (item.disabled) return;
              // The menu closes without taking focus back: what the item opens takes it.
              setOpenAt(null);
              item.onSelect();
            }}
          >
            {item.label}
          </button>
        ))}
      </div>
    </div>
  );
}
