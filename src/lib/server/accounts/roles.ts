/**
 * The staff roles: the one list of them, and the plain role tests every domain builds on.
 * Roles are exact: an admin is not implicitly a level-2 agent, so role lists name admins
 * where they may act. Which role may do what is decided per domain (`desk/permissions.ts` …);
 * this file imports nothing.
 */

/** The staff roles, from level 1 to the administrators, as stored in `users.role`. */
export const ROLES = ['first_level', 'second_level', 'third_level', 'admin'] as const;

/** A staff role. */
export type Role = (typeof ROLES)[number];

/** True when a value is a staff role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when the user has one of `roles` (any role when `roles` is not given). */
export function hasRole(user: { role: Role }, roles?: readonly Role[]): boolean {
  return !roles || roles.includes(user.role);
}
