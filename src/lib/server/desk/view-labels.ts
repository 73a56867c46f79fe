/**
 * The interface-text key (and values) naming each desk view, so the navigation, the view
 * page and its title always say the same thing. Pure: no database, no `astro:*`.
 */
import type { Role } from '../accounts/roles.ts';
import type { ViewKey } from './views.ts';

type ViewLabelKey =
  | 'workspace.view.mine'
  | 'workspace.view.unassigned'
  | 'workspace.view.unassigned.admin'
  | 'workspace.view.overdue'
  | 'workspace.view.waiting'
  | 'workspace.view.solved'
  | 'workspace.view.area';

/** The text key and values of a view's name; `areas` maps category keys to their labels. */
export function viewLabel(view: ViewKey, role: Role, areas: Record<string, string>): [ViewLabelKey, Record<string, string>] {
  if (view.startsWith('area-')) {
    const key = view.slice('area-'.length);
    return ['workspace.view.area', { area: areas[key] ?? key }];
  }
  if (view === 'unassigned' && role === 'admin') return ['workspace.view.unassigned.admin', {}];
  return [`workspace.view.${view as Exclude<ViewKey, `area-${string}`>}`, {}];
}
