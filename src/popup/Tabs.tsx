// The dashboard's Session / Tools tabs (FEATURES.md S5: "Tools tab → Invite"),
// after the WAI-ARIA APG "tabs with automatic activation" pattern: one tab
// stop for the list (roving tabindex), Left/Right move and select (wrapping),
// Home/End go to the ends; each panel is labelled by its tab.
import type { ComponentChildren, TargetedKeyboardEvent } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabDef<T extends string> {
  id: T;
  label: string;
}

const tabId = (id: string) => `dashboard-tab-${id}`;
const panelId = (id: string) => `dashboard-panel-${id}`;

export function TabList<T extends string>(props: { label: string; tabs: readonly TabDef<T>[]; selected: T; onSelect: (id: T) => void }) {
  const { tabs, selected, onSelect } = props;
  const buttons = useRef(new Map<T, HTMLButtonElement>());

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((tab) => tab.id === selected);
    const next =
      event.key === 'ArrowRight' ? (at + 1) % tabs.length
      : event.key === 'ArrowLeft' ? (at - 1 + tabs.length) % tabs.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? tabs.length - 1
      : undefined;
    const tab = next === undefined ? undefined : tabs[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.id);
    buttons.current.get(tab.id)?.focus();
  };

  return (
    <div role="tablist" aria-label={props.label} class="tabs" onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          ref={(el) => {
            if (el) buttons.current.set(tab.id, el);
            else buttons.current.delete(tab.id);
          }}
          type="button"
          role="tab"
          id={tabId(tab.id)}
          class="tab"
          aria-selected={tab.id === selected}
          aria-controls={panelId(tab.id)}
          tabIndex={tab.id === selected ? 0 : -1}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

/** Every tab has its panel (aria-controls must point somewhere); only the selected one is shown. */
export function TabPanel({ id, selected, children }: { id: string; selected: boolean; children: ComponentChildren }) {
  return (
    <section role="tabpanel" id={panelId(id)} aria-labelledby={tabId(id)} class="tab-panel" hidden={!selected}>
      {children}
    </section>
  );
}
