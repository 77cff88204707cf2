// One readable line from a schema failure, for HTTP error replies and CLI
// messages: the first issue, prefixed with where it is ("maxCustomers: …").
import type { z } from 'zod';

export function describeIssue(error: z.ZodError, what = 'body'): string {
  const issue = error.issues[0];
  if (!issue) return `${what}: invalid`;
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    return `${where}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `${issue.path.length ? issue.path.join('.') : what}: ${issue.message}`.slice(0, 300);
}
