// Tabs for the dashboard (Session / Tools, session tabs) and the admin page,
// after the WAI-ARIA APG tabs pattern: one tab stop for the whole list
// (roving tabindex), Left/Right move (wrapping), Home/End go to the ends.
// Each panel is labelled by its tab.
//   automatic activation (default): moving selects, for cheap switches.
//   manual activation: moving only focuses, Enter/Space (the button's click)
//   selects; for tabs whose selection has consequences, such as the rep's
//   session tabs, where switching ends every share (FEATURES.md S14–S15):
//   https://www.w3.org/WAI/ARIA/apg/patterns/tabs/examples/tabs-manual/
import type { ComponentChildren, TargetedKeyboardEvent } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabDef<T extends string> {
  id: T;
  label: string;
  /** A second, smaller line (part of the tab's name), e.g. the customer of a session tab. */
  detail?: string;
}

export const tabId = (base: string, id: string) => `${base}-tab-${id}`;
export const panelId = (base: string, id: string) => `${base}-panel-${id}`;

export function TabList<T extends string>(props: {
  base: string;
  label: string;
  tabs: readonly TabDef<T>[];
  selected: T;
  onSelect: (id: T) => void;
  /** Arrow keys only move focus; Enter/Space or a click selects. */
  manual?: boolean;
  class?: string;
}) {
  const { base, tabs, selected, onSelect, manual = false } = props;
  const buttons = useRef(new Map<T, HTMLButtonElement>());

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const focused = event.currentTarget.ownerDocument.activeElement;
    const from = manual ? ([...buttons.current].find(([, el]) => el === focused)?.[0] ?? selected) : selected;
    const at = tabs.findIndex((tab) => tab.id === from);
    let next: number;
    if (event.key === 'ArrowRight') next = (at + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (at - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else return;
    event.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    if (!manual) onSelect(tab.id);
    buttons.current.get(tab.id)?.focus();
  };

  return (
    <div role="tablist" aria-label={props.label} class={props.class ? `tabs ${props.class}` : 'tabs'} onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const isSelected = tab.id === selected;
        return (
          <button
            key={tab.id}
            ref={(el) => {
              if (el) buttons.current.set(tab.id, el);
              else buttons.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={tabId(base, tab.id)}
            class="tab"
            aria-selected={isSelected}
            aria-controls={panelId(base, tab.id)}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(tab.id)}
          >
            {tab.detail === undefined ? (
              tab.label
            ) : (
              <>
                <span class="tab-label">{tab.label}</span> <span class="tab-detail">{tab.detail}</span>
              </>
            )}
          </button>
        );
      })}
    </div>
  );
}

/**
 * Every tab has its panel element (aria-controls must point somewhere). With
 * `lazy`, only the selected one holds content (the admin page's panels load
 * fresh data when shown); otherwise hidden panels stay mounted and keep what
 * was typed into them (the dashboard's invite form).
 */
export function TabPanel(props: { base: string; id: string; selected: boolean; lazy?: boolean; children: ComponentChildren }) {
  const { base, id, selected, lazy = false, children } = props;
  return (
    <section role="tabpanel" id={panelId(base, id)} aria-labelledby={tabId(base, id)} tabIndex={0} class="tab-panel" hidden={!selected}>
      {(selected || !lazy) && children}
    </section>
  );
}
