// The connection check before joining (issue #10): one line per part, in
// words and a shape (never colour alone), announced politely as each result
// comes in. Runs once per page; joining does not wait for it.
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { CHECKING, runConnectionCheck, type CheckOutcome, type CheckResult, type Route } from './connection-check.ts';
import { socketUrl } from './session-client.ts';

const SHAPES: Record<CheckOutcome, string> = { checking: '…', ok: '✓', failed: '!', none: '–' };

export function ConnectionCheck({ number, token }: { number: string; token: string | undefined }) {
  const t = useT();
  const [result, setResult] = useState<CheckResult>(CHECKING);
  useEffect(() => {
    let live = true;
    void runConnectionCheck({ url: socketUrl(location), number, token }, (r) => live && setResult(r));
    return () => {
      live = false;
    };
  }, [number, token]);

  const rows: [string, CheckOutcome][] = [
    [t('check_server'), result.server],
    [t('check_stun'), result.stun],
    [t('check_turn'), result.turn],
  ];
  const word = (outcome: CheckOutcome) => t(`check_${outcome}`);
  const nothingWorks = result.stun !== 'ok' && result.turn !== 'ok' && result.stun !== 'checking' && result.turn !== 'checking';
  return (
    <section class="card connection-check" aria-labelledby="connection-check-title">
      <h2 id="connection-check-title">{t('check_title')}</h2>
      <p>{t('check_intro')}</p>
      <ul role="status" aria-live="polite">
        {rows.map(([label, outcome]) => (
          <li key={label} data-outcome={outcome}>
            <span aria-hidden="true" class={`check-shape check-${outcome}`}>
              {SHAPES[outcome]}
            </span>{' '}
            {label}: {word(outcome)}
          </li>
        ))}
      </ul>
      {result.server === 'failed' && <p class="form-help">{t('check_server_failed_help')}</p>}
      {result.server === 'ok' && nothingWorks && <p class="form-help">{t('check_all_failed_help')}</p>}
    </section>
  );
}

/** "Direct connection" or "Relayed through a TURN server", once known. */
export function RouteLine({ route }: { route: Route | null }) {
  const t = useT();
  if (!route) return null;
  return (
    <p class="remote-route" data-route={route}>
      {t(route === 'direct' ? 'route_direct' : 'route_relayed')}
    </p>
  );
}
