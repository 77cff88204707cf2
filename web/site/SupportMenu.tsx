// "Provide support ▾": a disclosure button (not an ARIA menu: the items are
// ordinary links, which is what a navigation bar holds) following the WAI-ARIA
// APG "disclosure navigation" pattern: Enter/Space toggles, Escape closes and
// returns focus to the button, ArrowDown opens and moves to the first item,
// and it closes when focus or a click goes elsewhere.
import type { TargetedFocusEvent, TargetedKeyboardEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { Link } from './Link.tsx';

export function SupportMenu({ current }: { current: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    document.addEventListener(
      'pointerdown',
      (event) => {
        if (event.target instanceof Node && !root.current?.contains(event.target)) setOpen(false);
      },
      { signal: abort.signal },
    );
    return () => abort.abort();
  }, [open]);

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (event.key === 'ArrowDown' && event.currentTarget === button.current) {
      event.preventDefault();
      setOpen(true);
      // The list renders on the next frame once open.
      requestAnimationFrame(() => list.current?.querySelector('a')?.focus());
    }
  };

  const onFocusOut = (event: TargetedFocusEvent<HTMLDivElement>) => {
    const next = event.relatedTarget;
    if (next instanceof Node && root.current?.contains(next)) return;
    // Focus left for something outside (relatedTarget null: the window lost focus; keep it open).
    if (next !== null) setOpen(false);
  };

  return (
    <div class="disclosure" ref={root} onFocusOut={onFocusOut}>
      <button
        ref={button}
        type="button"
        class={`nav-link disclosure-button${current ? ' is-current' : ''}`}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
        onKeyDown={onKeyDown}
      >
        {t('nav_provide_support')}
        <span class="disclosure-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <ul id={listId} ref={list} class="disclosure-list" hidden={!open} onKeyDown={onKeyDown}>
        <li>
          <Link href="/support" class="disclosure-item" aria-current={current ? 'page' : undefined} onClick={() => setOpen(false)}>
            {t('nav_support_session')}
          </Link>
        </li>
      </ul>
    </div>
  );
}
