// The rep's file transfers (issue #9), in the Session tab: a picker per
// connected customer and assistant (an assistant's dashboard has one for the
// controller), then every transfer with its progress. The transfers
// live in the media context (src/offscreen/file-transfers.ts); this component
// watches them over FilesLink's port and sends it commands. A picked File
// cannot cross runtime messaging, so it is first copied, streamed, into the
// extension's OPFS (shared with the offscreen document, same origin) and only
// its stored name travels. "Save" reads a received file back from OPFS.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { safeFileName } from '../shared/files/names.ts';
import { copyIntoStore, opfsStore } from '../shared/files/opfs.ts';
import { downloadFile, FilePicker, TransferList } from '../shared/files/TransferList.tsx';
import { errorKey } from '../shared/i18n/index.ts';
import type { ErrorReason } from '../shared/protocol/errors.ts';
import type { DashboardToFiles, TransferView } from '../shared/protocol/files.ts';
import type { AssistSession, DashboardSession, DashboardState } from '../shared/protocol/runtime.ts';
import { useConnector } from './context.ts';
import { FilesLink } from './files-link.ts';
import { t } from './i18n.ts';

/** Someone a file can be sent to, and whether the link to them is up. */
interface Recipient {
  id: string;
  name: string;
  linked: boolean;
}

/** The controller's Files: a picker per connected customer and assistant. */
export function FilesPanel({ session, state }: { session: DashboardSession; state: Pick<DashboardState, 'sessions'> }) {
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const s of state.sessions) for (const p of s.participants) map.set(p.id, p.name);
    return map;
  }, [state.sessions]);
  const recipients = session.participants
    .filter((p) => (p.role === 'customer' || p.role === 'assistant') && p.state === 'connected')
    .map((p) => ({ id: p.id, name: p.name, linked: session.peers[p.id] === 'connected' }));
  return <FilesSection recipients={recipients} names={names} />;
}

/** An assistant's Files: to and from the controller, over the assistant's link to them. */
export function AssistFiles({ assisting }: { assisting: AssistSession }) {
  const names = useMemo(() => new Map(assisting.participants.map((p) => [p.id, p.name])), [assisting.participants]);
  const recipients = assisting.participants
    .filter((p) => p.role === 'controller' && p.state === 'connected')
    .map((p) => ({ id: p.id, name: p.name, linked: true }));
  return <FilesSection recipients={recipients} names={names} />;
}

function FilesSection({ recipients, names }: { recipients: Recipient[]; names: ReadonlyMap<string, string> }) {
  const connector = useConnector();
  const [transfers, setTransfers] = useState<TransferView[]>([]);
  const [copying, setCopying] = useState<string | null>(null);
  const [error, setError] = useState<ErrorReason | null>(null);
  const [ready, setReady] = useState(false);
  const link = useRef<FilesLink | undefined>(undefined);

  useEffect(() => {
    const abort = new AbortController();
    link.current = new FilesLink({
      connect: () => connector.connectFiles(),
      onList: setTransfers,
      onError: setError,
      onReady: setReady,
      signal: abort.signal,
      log: (message, detail) => console.debug(`[files] ${message}`, detail ?? ''),
    });
    return () => abort.abort();
  }, [connector]);

  const command = (message: DashboardToFiles) => {
    setError(null);
    if (!link.current?.send(message)) setError('network');
  };

  const send = async (peerId: string, file: File) => {
    setError(null);
    setCopying(file.name);
    const stored = `out-${crypto.randomUUID()}`;
    try {
      await copyIntoStore(file, stored);
      command({ type: 'files.send', peerId, stored, name: safeFileName(file.name), mime: file.type.slice(0, 200) });
    } catch (cause) {
      console.warn('[files] could not prepare the file', cause);
      await opfsStore().remove(stored).catch(() => {});
      setError('internal');
    } finally {
      setCopying(null);
    }
  };

  const save = async (view: TransferView) => {
    if (!view.stored) return;
    try {
      downloadFile(await opfsStore().read(view.stored), view.name);
    } catch (cause) {
      console.warn('[files] could not read the received file', cause);
      setError('internal');
    }
  };

  return (
    <section class="files" aria-labelledby="files-heading">
      <h2 id="files-heading">{t('files_heading')}</h2>
      {recipients.map((recipient) =>
        recipient.linked ? (
          <FilePicker
            key={recipient.id}
            label={t('files_send_to', { name: recipient.name })}
            disabled={copying !== null || !ready}
            onPick={(file) => void send(recipient.id, file)}
          />
        ) : null,
      )}
      {recipients.length > 0 && recipients.every((r) => !r.linked) && <p>{t('files_waiting_link')}</p>}
      {copying && <p role="status">{t('files_copying', { file: copying })}</p>}
      {error && (
        <p class="notice notice-problem" role="alert">
          {t('files_send_failed', { reason: t(errorKey(error)) })}
        </p>
      )}
      <TransferList
        t={t}
        transfers={transfers}
        peerName={(view) => (view.peerId && names.get(view.peerId)) || '?'}
        onAccept={(id) => command({ type: 'files.accept', id })}
        onDecline={(id) => command({ type: 'files.decline', id })}
        onCancel={(id) => command({ type: 'files.cancel', id })}
        onDismiss={(id) => command({ type: 'files.dismiss', id })}
        onSave={(view) => void save(view)}
      />
    </section>
  );
}
