/**
 * GET /staff/insights/export.csv?table=<id>&range=7|30|90 (or range=custom&from=&to=) — one
 * insights table as CSV, for second level and admins only: the same figures as the page for
 * the same range, with spreadsheet formula injection defused (see table.ts).
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/server/platform/app.ts';
import { requireStaff } from '../../../lib/server/accounts/guard.ts';
import { parseRange } from '../../../lib/server/insights/range.ts';
import { findInsightTable } from '../../../lib/server/insights/sections.ts';
import { articleCatalog } from '../../../lib/server/insights/catalog.ts';
import { toCsv } from '../../../lib/server/insights/table.ts';

export const GET: APIRoute = async (context) => {
  const user = await requireStaff(context, ['second_level', 'admin']);
  if (user instanceof Response) return user;
  const { database, store, training } = await getApp();
  const now = Date.now();
  const { range, problems } = parseRange(context.url.searchParams, now);
  if (problems.length > 0) {
    return new Response(`The period is not valid (${problems.join(', ')}): use range=7|30|90, or range=custom&from=YYYY-MM-DD&to=YYYY-MM-DD.\n`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const tableId = context.url.searchParams.get('table') ?? '';
  const table = await findInsightTable(
    database,
    range,
    { now, articles: articleCatalog(store), curriculum: training.curriculum(context.locals.lang) },
    tableId,
    context.locals.lang,
  );
  if (!table) {
    return new Response(`Unknown table "${tableId.slice(0, 100)}".\n`, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  return new Response(toCsv(table), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="tierzero-${table.id}-${range.from}-${range.to}.csv"`,
    },
  });
};
