/**
 * Who may do what with the training material: the one role table of the training domain.
 * The actions (`assertRole`), the pages (`requireStaff`, which links to show) and the editor
 * (`saveTrainingPage`) all read it here. Roles are exact: admins are listed where they may act.
 */
import { ROLES, type Role } from '../accounts/roles.ts';

/** The training domain's role table. */
export const TRAINING_PERMISSIONS = {
  /** Read the training pages and submit self-checks: every staff member. */
  learn: ROLES,
  /** See every trainee's progress and set or clear the trainee flag. */
  supervise: ['second_level', 'admin'],
  /** Write, restore and publish training pages. */
  edit: ['second_level', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

/** Something the training table decides. */
export type TrainingAction = keyof typeof TRAINING_PERMISSIONS;
