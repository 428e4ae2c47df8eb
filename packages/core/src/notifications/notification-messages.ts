import type { NotificationEventType } from "@nudge/db";

export type MessageLocale = "en" | "fr";

export interface NotificationMessage {
  title: string;
  text: string;
}

type Data = Record<string, unknown>;
type Describe = (account: string, d: Data) => NotificationMessage;

const str = (v: unknown, fallback = "?"): string =>
  typeof v === "string" || typeof v === "number" ? String(v) : fallback;
const day = (v: unknown): string => (typeof v === "string" ? v.slice(0, 10) : "?");

const EN: Record<NotificationEventType, Describe> = {
  "session.expired": (a) => ({
    title: `${a}: LinkedIn session expired`,
    text: "Nudge was logged out of LinkedIn. Nothing runs until you upload fresh cookies.",
  }),
  "session.expiring_soon": (a, d) => ({
    title: `${a}: LinkedIn session expires in ${str(d.daysLeft)} days`,
    text: `The li_at cookie expires on ${day(d.expiresAt)}. Upload fresh cookies before then so runs keep going.`,
  }),
  "breaker.opened": (a, d) => ({
    title: `${a}: actions paused (${d.hard === true ? "restriction" : "transient failures"})`,
    text: `The circuit breaker opened: ${str(d.reason, "unknown reason")}.${d.until ? ` Next try after ${str(d.until)}.` : ""}`,
  }),
  "breaker.closed": (a) => ({
    title: `${a}: actions resumed`,
    text: "The circuit breaker closed: actions run again.",
  }),
  "run.failed": (a, d) => ({
    title: `${a}: ${str(d.kind, "")} run ${str(d.runId)} failed`,
    text: `The run ended ${str(d.status, "failed")}: ${str(d.message, str(d.errorCode, "no detail"))}.`,
  }),
  "run.finished": (a, d) => ({
    title: `${a}: ${str(d.kind, "")} run ${str(d.runId)} finished`,
    text: `Summary: ${summary(d.counters)}.`,
  }),
  "schedule.missed": (a, d) => ({
    title: `${a}: scheduled ${str(d.kind, "")} run missed`,
    text: `The run due at ${str(d.fireAt)} did not start: no scheduler was running.`,
  }),
  "selector.drift": (a, d) => ({
    title: `${a}: LinkedIn changed a page`,
    text: `The daily page check could not find: ${list(d.keys)}. Runs that need them will fail until the selectors are fixed.`,
  }),
  "digest.daily": (a, d) => ({
    title: `${a}: today's digest`,
    text: `Wishes sent today: ${str(d.wishesSent, "0")}. Birthdays tomorrow: ${str(d.birthdaysTomorrow, "0")}. Messages left today: ${str(d.quotaLeft)}.`,
  }),
  test: (a) => ({ title: `${a}: test notification`, text: "This channel works: Nudge can reach you here." }),
};

const FR: Record<NotificationEventType, Describe> = {
  "session.expired": (a) => ({
    title: `${a} : session LinkedIn expirée`,
    text: "Nudge a été déconnecté de LinkedIn. Rien ne tourne tant que de nouveaux cookies ne sont pas envoyés.",
  }),
  "session.expiring_soon": (a, d) => ({
    title: `${a} : la session LinkedIn expire dans ${str(d.daysLeft)} jours`,
    text: `Le cookie li_at expire le ${day(d.expiresAt)}. Envoyez de nouveaux cookies avant cette date pour que les campagnes continuent.`,
  }),
  "breaker.opened": (a, d) => ({
    title: `${a} : actions suspendues (${d.hard === true ? "restriction" : "échecs passagers"})`,
    text: `Le disjoncteur s’est ouvert : ${str(d.reason, "raison inconnue")}.${d.until ? ` Nouvel essai après ${str(d.until)}.` : ""}`,
  }),
  "breaker.closed": (a) => ({
    title: `${a} : actions reprises`,
    text: "Le disjoncteur s’est refermé : les actions reprennent.",
  }),
  "run.failed": (a, d) => ({
    title: `${a} : l’exécution ${str(d.runId)} (${str(d.kind, "")}) a échoué`,
    text: `Fin de l’exécution (${str(d.status, "failed")}) : ${str(d.message, str(d.errorCode, "sans détail"))}.`,
  }),
  "run.finished": (a, d) => ({
    title: `${a} : exécution ${str(d.runId)} (${str(d.kind, "")}) terminée`,
    text: `Bilan : ${summary(d.counters)}.`,
  }),
  "schedule.missed": (a, d) => ({
    title: `${a} : exécution planifiée (${str(d.kind, "")}) manquée`,
    text: `L’exécution prévue à ${str(d.fireAt)} n’a pas démarré : aucun planificateur ne tournait.`,
  }),
  "selector.drift": (a, d) => ({
    title: `${a} : LinkedIn a modifié une page`,
    text: `La vérification quotidienne des pages n’a pas trouvé : ${list(d.keys)}. Les exécutions qui en ont besoin échoueront tant que les sélecteurs ne sont pas corrigés.`,
  }),
  "digest.daily": (a, d) => ({
    title: `${a} : résumé du jour`,
    text: `Vœux envoyés aujourd’hui : ${str(d.wishesSent, "0")}. Anniversaires demain : ${str(d.birthdaysTomorrow, "0")}. Messages restants aujourd’hui : ${str(d.quotaLeft)}.`,
  }),
  test: (a) => ({
    title: `${a} : notification de test`,
    text: "Ce canal fonctionne : Nudge peut vous joindre ici.",
  }),
};

function summary(counters: unknown): string {
  if (typeof counters !== "object" || counters === null) return "-";
  const parts = Object.entries(counters as Record<string, unknown>).map(([k, v]) => `${k} ${str(v)}`);
  return parts.length > 0 ? parts.join(", ") : "-";
}

function list(keys: unknown): string {
  return Array.isArray(keys) ? keys.map((k) => str(k)).join(", ") : "?";
}

/** The title and text of an event for a person, in the account's locale (English otherwise). */
export function describeNotification(
  type: NotificationEventType,
  data: Data,
  accountName: string,
  locale: string,
): NotificationMessage {
  const table = locale.toLowerCase().startsWith("fr") ? FR : EN;
  return table[type](accountName, data);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** The e-mail's HTML body: the same words, escaped. */
export function notificationHtml(message: NotificationMessage, lang: string): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
  return `<!DOCTYPE html><html lang="${escape(lang)}"><body><h2>${escape(message.title)}</h2><p>${escape(message.text)}</p><p style="color:#888">Nudge</p></body></html>`;
}
