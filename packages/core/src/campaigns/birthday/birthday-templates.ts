import type { Settings } from "../../settings/settings-schema.js";
import type { CalendarDate } from "../../time/zoned.js";

export type TemplateLocale = "en" | "fr";

/** The wishes an account gets when it has written none: one language, the account's. */
export const DEFAULT_BIRTHDAY_TEMPLATES: Record<TemplateLocale, { today: string[]; late: string[] }> = {
  en: {
    today: [
      "Happy birthday {first_name}! 🎂 Wishing you a great year ahead.",
      "Happy birthday {first_name}! All the best for the year to come.",
      "Happy birthday {first_name}, have a wonderful day!",
    ],
    late: [
      "Happy belated birthday {first_name}! I hope you had a great day.",
      "A little late, but happy birthday {first_name}! All the best for the year ahead.",
    ],
  },
  fr: {
    today: [
      "Joyeux anniversaire {first_name} ! 🎂 Belle année à toi.",
      "Bon anniversaire {first_name} ! Plein de belles choses pour cette nouvelle année.",
      "Joyeux anniversaire {first_name}, excellente journée !",
    ],
    late: [
      "Joyeux anniversaire avec un peu de retard, {first_name} ! J'espère que tu as passé une belle journée.",
      "Avec quelques jours de retard : bon anniversaire {first_name} !",
    ],
  },
};

function templateLocale(locale: string): TemplateLocale {
  return locale.toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** The account's templates for a wish on the day (`late` false) or late; its locale's defaults when it has none. */
export function birthdayTemplates(settings: Settings, locale: string, late: boolean): string[] {
  const own = late ? settings.templates.late : settings.templates.today;
  if (own.length > 0) return own;
  const defaults = DEFAULT_BIRTHDAY_TEMPLATES[templateLocale(locale)];
  return late ? defaults.late : defaults.today;
}

/** `{date}`: the birthday as people of the locale write it ("December 10", "10 décembre"). */
export function formatBirthday(date: CalendarDate, locale: string): string {
  const at = new Date(Date.UTC(2000, date.month - 1, date.day, 12));
  return new Intl.DateTimeFormat(templateLocale(locale) === "fr" ? "fr-FR" : "en-US", {
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  }).format(at);
}
