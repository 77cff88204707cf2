// Sessions offered to this WebACD agent (FEATURES.md S25, issue #8): one card
// per offer, above everything else in the dashboard, with the session number,
// its customers, the sender's private message, the time left, and Accept /
// Decline. The first agent to accept takes the session (the server decides);
// the background then drops the offer from `state.offers` and shows the
// session. Each card is a named region, not an alertdialog: an offer must not
// steal focus from what the agent is doing.
import { useEffect, useState } from 'preact/hooks';
import type { AgentOffer } from '../shared/protocol/runtime.ts';
import { formatSessionNumber } from '../shared/session-number.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { useAction } from './use-action.ts';
import { formatSeconds, secondsLeft } from './webacd.ts';

export function Offers({ offers }: { offers: readonly AgentOffer[] }) {
  const now = useNow(offers.length > 0);
  if (offers.length === 0) return null;
  return (
    <div class="offers" aria-label={t('offers_label')} role="group">
      {offers.map((offer) => (
        <OfferCard key={offer.offerId} offer={offer} now={now} />
      ))}
    </div>
  );
}

/** The clock, ticking every second while `running`. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

function OfferCard({ offer, now }: { offer: AgentOffer; now: number }) {
  const connector = useConnector();
  const { busy, error, run } = useAction();
  const base = `offer-${offer.offerId}`;
  const left = secondsLeft(offer.expiresAt, now);
  const message = offer.message?.trim();
  return (
    <section class="card offer" role="region" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>{t('offer_title', { name: offer.fromName })}</h2>
      <p class="offer-number">{t('offer_number', { number: formatSessionNumber(offer.number) })}</p>
      <p>{offer.customers.length > 0 ? t('offer_customers', { names: offer.customers.join(', ') }) : t('offer_no_customers')}</p>
      {message && (
        <figure class="offer-message">
          <figcaption id={`${base}-message`}>{t('offer_message_label', { name: offer.fromName })}</figcaption>
          <blockquote aria-labelledby={`${base}-message`}>{message}</blockquote>
        </figure>
      )}
      {/* Not a live region: a countdown announced every second would drown everything else. */}
      <p class="muted offer-time">{left > 0 ? t('offer_time_left', { time: formatSeconds(left) }) : t('offer_expired')}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button
          type="button"
          class="primary"
          disabled={busy}
          onClick={() => void run(() => connector.send({ type: 'offer.accept', offerId: offer.offerId }))}
        >
          {t('btn_accept')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run(() => connector.send({ type: 'offer.decline', offerId: offer.offerId }))}>
          {t('btn_decline')}
        </button>
      </div>
    </section>
  );
}
