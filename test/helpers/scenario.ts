// Steps most session tests share: a rep starts a session, customers join it.
import type { SessionKind } from '../../src/shared/protocol/settings.ts';
import type { ServerMessageOf, Stage } from '../../src/shared/protocol/wire.ts';
import type { TestServer } from './server.ts';
import type { TestClient } from './ws-client.ts';

export interface StartedSession {
  rep: TestClient;
  session: ServerMessageOf<'session.started'>['session'];
}

/** A new rep starts a session: of the default kind for their mode ('single' with the default settings), or `kind`. */
export async function startSession(server: TestServer, repName = 'Alex Rep', kind?: SessionKind): Promise<StartedSession> {
  const { client: rep } = await server.newRep(repName);
  const { session } = await rep.call({ type: 'session.start', ...(kind && { kind }) }, 'session.started');
  return { rep, session };
}

/** The stage while the session's controller shares (their participant id is only in the registry and participant lists). */
export function controllerStage(server: TestServer, sessionId: string, name = 'Alex Rep'): Stage {
  const session = server.server.registry.byId(sessionId);
  if (!session) throw new Error(`no live session ${sessionId}`);
  return { participantId: session.controllerParticipantId, role: 'controller', name };
}

export interface JoinedCustomer {
  client: TestClient;
  joined: ServerMessageOf<'customer.joined'>;
}

/** A customer joins from the server's own page: with the link's token (at once) or with the number alone (lobby). */
export async function joinCustomer(
  server: TestServer,
  session: StartedSession['session'],
  options: { withToken: boolean; name?: string },
): Promise<JoinedCustomer> {
  const client = await server.connect('site');
  const joined = await client.call(
    {
      type: 'customer.join',
      number: session.number,
      name: options.name ?? 'Casey Customer',
      ...(options.withToken && { token: session.joinToken }),
    },
    'customer.joined',
  );
  return { client, joined };
}

export interface JoinedAssistant {
  client: TestClient;
  joined: ServerMessageOf<'assistant.joined'>;
  email: string;
  password: string;
}

/** Another rep signs in and joins the session by its number as an assistant (S16). */
export async function joinAssistant(server: TestServer, session: StartedSession['session'], name = 'Bo Helper'): Promise<JoinedAssistant> {
  const { client, email, password } = await server.newRep(name);
  const joined = await client.call({ type: 'assistant.join', number: session.number }, 'assistant.joined');
  return { client, joined, email, password };
}
