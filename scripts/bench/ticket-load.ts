/**
 * The ticket-form load of the benchmarks (bench:tickets, bench:scale): autocannon posts the
 * customer ticket form (form-encoded, same-origin Origin header, a unique subject per request)
 * to /tickets/new?_action=tickets.create and remembers which subjects were acknowledged (2xx
 * or 303), so that the database can be checked afterwards: none lost, none doubled.
 */
import autocannon from 'autocannon';

/** What a ticket load did. */
export interface TicketLoadResult {
  result: autocannon.Result;
  /** Subjects whose creation was acknowledged. */
  acknowledged: Set<string>;
  /** Acknowledged tickets per second. */
  rate: number;
  /** Requests answered with something else than 2xx/303. */
  refused: number;
}

/** The form body of one ticket. */
export function ticketBody(subject: string): string {
  return new URLSearchParams({
    name: 'Bench Customer',
    email: 'bench@example.com',
    subject,
    description: 'Created by a benchmark to measure ticket creation under load.',
    category: 'invoices',
    lang: 'en',
    website: '',
  }).toString();
}

/** Posts tickets to `base` for `durationS` over `connections`; subjects are `<prefix>-<n>`. */
export async function ticketLoad(base: string, options: { connections: number; durationS: number; prefix: string }): Promise<TicketLoadResult> {
  const acknowledged = new Set<string>();
  let sequence = 0;
  interface Context {
    subject?: string;
  }
  const result = await autocannon({
    url: base,
    connections: options.connections,
    duration: options.durationS,
    requests: [
      {
        method: 'POST',
        path: '/tickets/new?_action=tickets.create',
        headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
        setupRequest: (request: Record<string, unknown>, context: Context) => {
          context.subject = `${options.prefix}-${++sequence}`;
          return { ...request, body: ticketBody(context.subject) };
        },
        onResponse: (status: number, _body: string, context: Context) => {
          if (((status >= 200 && status < 300) || status === 303) && context.subject) acknowledged.add(context.subject);
        },
      } as unknown as autocannon.Request,
    ],
  });
  const acks = result['2xx'] + (result.statusCodeStats?.['303' as keyof typeof result.statusCodeStats]?.count ?? 0);
  return { result, acknowledged, rate: acknowledged.size / result.duration, refused: result.requests.total - acks };
}
