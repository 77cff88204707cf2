// `npm run admin -- --help`.
import { SETTING_KEYS } from '../../src/shared/protocol/settings.ts';

export const COMMANDS = [
  'user add',
  'user list',
  'user disable',
  'user enable',
  'user password',
  'queue add',
  'queue add-agent',
  'queue list',
  'settings get',
  'settings set',
] as const;

export const HELP = `Usage: npm run admin -- <command> [options]

PeerAssist administration, straight on the store in DATA_DIR (default ./data).
The same operations are on the admin page at <server>/admin.

Users
  user add --email E --role ROLE [--role ROLE] [--name N] [--password-stdin]
                              ROLE is rep, agent or admin (give --role once per role).
                              Without --password-stdin a password is generated and printed once.
  user list                   email, name, roles and whether disabled
  user disable EMAIL          refuse their sign-ins and revoke the ones they have
  user enable EMAIL
  user password EMAIL [--password-stdin]
                              set a new password (generated unless given on stdin)

Queues (WebACD)
  queue add NAME
  queue add-agent NAME EMAIL  the user must have the agent role
  queue list

Site settings
  settings get                as JSON
  settings set KEY VALUE      KEY is one of: ${SETTING_KEYS.join(', ')}
                              maxCustomers 1..100 · sessionMode single|multi|both · emailMode server|client
                              admitNumberOnlyJoins true|false · iceServers '[{"urls":"stun:stun.example.com:3478"}]'

Exit status: 0 done, 1 cannot be done (no such user or queue, name taken), 2 bad command line.
`;
