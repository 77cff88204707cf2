// The controlling rep's dashboard during a session: the Session tab (number,
// join link, sharing, participants, End session) and the Tools tab (Invite and
// the invitations sent). Also where "Send email invitation" at start lands
// (FEATURES.md S2, S4): the mail program opens at once when the site leaves
// email to the rep, or the Invite form asks for the address when the server sends it.
import { useEffect, useState } from 'preact/hooks';
import type { DashboardSession, DashboardState } from '../shared/protocol/runtime.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { inviteMailto, type InviteContext } from './invitation-text.ts';
import { FilesPanel } from './Files.tsx';
import { SessionPanel } from './SessionPanel.tsx';
import { TabList, TabPanel } from '../shared/ui/Tabs.tsx';
import { ToolsPanel } from './ToolsPanel.tsx';
import { Chat, chatTabLabel } from './Chat.tsx';

type Tab = 'session' | 'tools' | 'chat';

interface Props {
  session: DashboardSession;
  state: DashboardState;
  /** The session was just started with "Send email invitation" checked. */
  inviteOnStart: boolean;
  onInviteOnStartHandled: () => void;
}

export function SessionView({ session, state, inviteOnStart, onInviteOnStartHandled }: Props) {
  const connector = useConnector();
  const [tab, setTab] = useState<Tab>('session');
  const [askAddress, setAskAddress] = useState(false);
  const user = state.auth.status === 'signed_in' ? state.auth.user : undefined;
  const context: InviteContext = {
    number: session.info.number,
    joinUrl: session.info.joinUrl,
    serverUrl: state.auth.serverUrl,
    repName: user?.name ?? '',
  };

  useEffect(() => {
    if (!inviteOnStart) return;
    onInviteOnStartHandled();
    if (state.emailMode === 'client') {
      // Still inside the Start click's user activation: the mail program may open.
      connector.openUrl(inviteMailto(t, 'customer', '', context));
      void connector.send({ type: 'invite.opened', kind: 'customer', email: '' }).catch(() => {});
    } else {
      setTab('tools');
      setAskAddress(true);
    }
  }, [inviteOnStart]);

  return (
    <div class="session">
      <TabList
        base="dashboard"
        label={t('dashboard_sections_label')}
        tabs={[
          { id: 'session', label: t('tab_session') },
          { id: 'tools', label: t('tab_tools') },
          { id: 'chat', label: chatTabLabel(session.chat) },
        ]}
        selected={tab}
        onSelect={setTab}
      />
      <TabPanel base="dashboard" id="session" selected={tab === 'session'}>
        <SessionPanel session={session} state={state} />
        <FilesPanel session={session} state={state} />
      </TabPanel>
      <TabPanel base="dashboard" id="tools" selected={tab === 'tools'}>
        <ToolsPanel
          invitations={session.invitations}
          emailMode={state.emailMode}
          context={context}
          askAddress={askAddress}
          onAddressAsked={() => setAskAddress(false)}
        />
      </TabPanel>
      <TabPanel base="dashboard" id="chat" selected={tab === 'chat'}>
        {tab === 'chat' && (
          <Chat
            sessionId={session.info.id}
            chat={session.chat}
            own={new Set([...session.participants.filter((p) => p.role === 'controller').map((p) => p.id), ...(user ? [user.id] : [])])}
            note={Object.values(session.peers).includes('connected') ? undefined : t('chat_waiting_rep')}
          />
        )}
      </TabPanel>
    </div>
  );
}
