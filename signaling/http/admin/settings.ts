// /api/admin/settings: the site settings the server enforces (S1, S10, S11).
// A change is checked whole before anything is stored (settings/validate.ts).
import { userActor } from '../../audit/audit-log.ts';
import { checkSettingsChanges } from '../../settings/validate.ts';
import type { ApiContext } from '../api-context.ts';
import { requireAdmin } from '../bearer.ts';
import { readJsonBody } from '../body.ts';
import { clientIp } from '../client-ip.ts';
import { HttpError } from '../errors.ts';
import { sendJson } from '../respond.ts';
import type { Router } from '../router.ts';

/** Sixteen ICE servers of up to eight 512-character URLs and their credentials. */
const MAX_BODY_BYTES = 128 * 1024;

export function addSettingsRoutes(router: Router, ctx: ApiContext): void {
  const { store, audit, config } = ctx;

  router.add('GET', '/api/admin/settings', async (req, res) => {
    await requireAdmin(ctx, req);
    sendJson(res, 200, { settings: await store.settings.get() });
  });

  router.add('PATCH', '/api/admin/settings', async (req, res) => {
    const admin = await requireAdmin(ctx, req);
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new HttpError(415, 'malformed', 'send the request body as application/json');
    }
    const checked = checkSettingsChanges(await readJsonBody(req, MAX_BODY_BYTES));
    if (!checked.ok) throw new HttpError(400, 'malformed', checked.message);
    const changes = checked.value;
    const settings = await store.settings.update(changes);
    const keys = Object.keys(changes);
    if (keys.length) {
      // Scalar values are logged; ICE servers may carry TURN credentials, so only their count.
      const { iceServers, ...scalars } = changes;
      await audit.record({
        type: 'admin.change',
        ...userActor(admin),
        ip: clientIp(req, config.trustProxy),
        detail: { what: 'settings', changed: keys.join(','), ...scalars, ...(iceServers && { iceServers: iceServers.length }) },
      });
    }
    sendJson(res, 200, { settings });
  });
}
