// /api/admin/audit (newest first, paged by event id) and /api/admin/audit.csv
// (every event, oldest first, streamed row by row so a long log is never held
// in memory or sent faster than the client reads).
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { AuditEventType } from '../../../src/shared/protocol/admin.ts';
import { AUDIT_CSV_HEADER, auditCsvRow, csvRow, UTF8_BOM } from '../../audit/csv.ts';
import { describeIssue } from '../../zod-issue.ts';
import type { ApiContext } from '../api-context.ts';
import { requireAdmin } from '../bearer.ts';
import { HttpError } from '../errors.ts';
import { sendJson } from '../respond.ts';
import type { Router } from '../router.ts';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
/** Rows gathered into one write: fewer, larger chunks than one per row. */
const CSV_CHUNK_BYTES = 64 * 1024;

const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  before: z.coerce.number().int().min(1).optional(),
  type: AuditEventType.optional(),
});

/** Writes, waiting for the socket to drain when its buffer is full (or to close, if the client goes away). */
async function write(res: ServerResponse, chunk: string): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function addAuditRoutes(router: Router, ctx: ApiContext): void {
  const { store } = ctx;

  router.add('GET', '/api/admin/audit', async (req, res) => {
    await requireAdmin(ctx, req);
    const search = new URL(req.url ?? '/', 'http://localhost').searchParams;
    // Empty parameters (limit=&type=) mean "not given", as a form would send them.
    const raw = Object.fromEntries([...search].filter(([, value]) => value !== ''));
    const query = AuditQuery.safeParse(raw);
    if (!query.success) throw new HttpError(400, 'malformed', describeIssue(query.error, 'query'));
    sendJson(res, 200, { events: await store.audit.list(query.data) });
  });

  router.add('GET', '/api/admin/audit.csv', async (req, res) => {
    await requireAdmin(ctx, req);
    const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="peerassist-audit-${day}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    let chunk = UTF8_BOM + csvRow(AUDIT_CSV_HEADER);
    for await (const event of store.audit.all()) {
      if (res.destroyed) return;
      chunk += auditCsvRow(event);
      if (chunk.length >= CSV_CHUNK_BYTES) {
        await write(res, chunk);
        chunk = '';
      }
    }
    res.end(chunk);
  });
}
