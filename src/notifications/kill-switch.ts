/** Recorded on every email the kill switch holds back (the label is the admin setting's). */
export const KILL_SWITCH_REASON =
  'Email notifications are turned off for all users ("Turn Off All Email Notifications for All Users")';
