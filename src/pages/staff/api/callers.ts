/**
 * GET /staff/api/callers?q=… — the call page's caller lookup as JSON: earlier tickets by
 * ticket reference (with the caller's other tickets), e-mail address or name, newest first.
 * For the roles that take calls (first level, second level, admins).
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/server/platform/app.ts';
import { requireStaff } from '../../../lib/server/accounts/guard.ts';
import { CALL_ROLES, findCallerTickets } from '../../../lib/server/calls/calls.ts';

export const GET: APIRoute = async (context) => {
  const user = await requireStaff(context, CALL_ROLES);
  if (user instanceof Response) return user;
  const query = (context.url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const { database } = await getApp();
  return Response.json({ query, results: await findCallerTickets(database, query) }, { headers: { 'Cache-Control': 'private, no-store' } });
};
