// The customer's files (issue #9): "Send a file to <rep>" and every transfer
// with its progress. An offer from the rep is always announced (a live region)
// and waits for the customer's Accept or Decline: nothing arrives unasked.
import { useState } from 'preact/hooks';
import { formatBytes } from '../../src/shared/files/speed.ts';
import { downloadFile, FilePicker, TransferList } from '../../src/shared/files/TransferList.tsx';
import { errorKey } from '../../src/shared/i18n/index.ts';
import { reasonOf } from '../../src/shared/protocol/errors.ts';
import type { TransferView } from '../../src/shared/protocol/files.ts';
import { useT } from '../i18n.ts';
import type { CustomerFiles } from './files.ts';

export function FilesSection({ files, transfers, connected, repName }: { files: CustomerFiles | null; transfers: TransferView[]; connected: boolean; repName: string }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const name = repName || t('files_the_rep');
  const run = (action: () => unknown) => {
    setError(null);
    Promise.resolve()
      .then(action)
      .catch((cause: unknown) => setError(t('files_send_failed', { reason: t(errorKey(reasonOf(cause))) })));
  };
  const incoming = transfers.filter((v) => v.direction === 'in' && v.state === 'offered');
  return (
    <section class="files" aria-labelledby="files-heading">
      <h2 id="files-heading">{t('files_heading')}</h2>
      {/* Always present, so the announcement of an offer is heard (a live region must exist before it changes). */}
      <p class="files-announce visually-hidden" role="status">
        {incoming.map((v) => t('files_incoming', { name, file: v.name, size: formatBytes(v.size) })).join(' ')}
      </p>
      {connected ? <FilePicker label={t('files_send_to', { name })} onPick={(file) => run(() => files?.send(file))} /> : <p>{t('files_waiting_link')}</p>}
      {error && (
        <p class="notice notice-problem" role="alert">
          {error}
        </p>
      )}
      <TransferList
        t={t}
        transfers={transfers}
        peerName={() => name}
        onAccept={(id) => run(() => files?.accept(id))}
        onDecline={(id) => run(() => files?.decline(id))}
        onCancel={(id) => run(() => files?.cancel(id))}
        onDismiss={(id) => run(() => files?.dismiss(id))}
        onSave={(view) => run(async () => files && downloadFile(await files.read(view), view.name))}
      />
    </section>
  );
}
