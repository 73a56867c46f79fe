/**
 * Astro Actions, one namespace per domain. Every handler authorises on the server
 * (`assertRole` from lib/server/guard.ts) — except auth.login, which is how one gets a role.
 */
import { answers } from './answers.ts';
import { articles } from './articles.ts';
import { auth } from './auth.ts';
import { tickets } from './tickets.ts';
import { desk } from './desk.ts';
import { feedback } from './feedback.ts';
import { templates } from './templates.ts';
import { calls } from './calls.ts';
import { training } from './training.ts';
import { notifications } from './notifications.ts';
import { phrasings } from './phrasings.ts';
import { views } from './views.ts';
import { customerMail } from './customer-mail.ts';
import { team } from './team.ts';

export const server = {
  answers,
  articles,
  auth,
  calls,
  customerMail,
  desk,
  feedback,
  notifications,
  phrasings,
  team,
  templates,
  tickets,
  training,
  views,
};
