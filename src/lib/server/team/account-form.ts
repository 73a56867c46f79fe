/** What the team page's account form shows: an account's values, or what a refused post carried (nothing typed is lost). */
import type { PostedForm } from '../platform/posted-form.ts';

export interface AccountFormValues {
  name: string;
  /** Only when adding an account (the address is the log-in and stays). */
  email?: string;
  role: string;
  areas: string[];
  trainee: boolean;
  languages: string[];
}

/** The account form's values as they were posted. */
export function postedAccountValues(posted: PostedForm): AccountFormValues {
  return { name: posted.text('name'), email: posted.text('email'), role: posted.text('role'), areas: posted.list('areas'), trainee: posted.text('trainee') === 'on', languages: posted.list('languages') };
}
