// The pointer/annotation controls and overlay of a view of the shared screen
// (issue #9): named toggle buttons ("Draw", "Pointer", pressed or not) and
// "Clear marks", all reachable by keyboard (Escape stops drawing); the canvas
// over the video takes pointer input only while drawing or pointing, so
// otherwise the video's own controls and the page stay as they were.
import type { Translate } from '../i18n/index.ts';
import { useMarkInput, type Marks } from '../marks/use-marks.ts';
import './marks.css';

export function MarksOverlay({ marks }: { marks: Marks }) {
  const input = useMarkInput(marks);
  const active = marks.mode !== 'off';
  return (
    <canvas
      ref={marks.bind}
      class={`marks-overlay${active ? ' is-active' : ''}${marks.mode === 'pointer' ? ' is-pointing' : ''}`}
      aria-hidden="true"
      onPointerDown={input.onPointerDown}
      onPointerMove={input.onPointerMove}
      onPointerUp={input.onPointerUp}
      onPointerCancel={input.onPointerUp}
    />
  );
}

export function MarksToolbar({ t, marks }: { t: Translate; marks: Marks }) {
  const toggle = (mode: 'draw' | 'pointer') => marks.setMode(marks.mode === mode ? 'off' : mode);
  return (
    <div
      class="marks-toolbar"
      role="toolbar"
      aria-label={t('marks_toolbar_label')}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && marks.mode !== 'off') marks.setMode('off');
      }}
    >
      <button type="button" class="button" aria-pressed={marks.mode === 'draw'} onClick={() => toggle('draw')}>
        {t('marks_draw')}
      </button>
      <button type="button" class="button" aria-pressed={marks.mode === 'pointer'} onClick={() => toggle('pointer')}>
        {t('marks_pointer')}
      </button>
      <button type="button" class="button" onClick={marks.clear}>
        {t('marks_clear')}
      </button>
      <span class="marks-hint" role="status">
        {marks.mode === 'draw' ? t('marks_hint_draw') : marks.mode === 'pointer' ? t('marks_hint_pointer') : ''}
      </span>
    </div>
  );
}
