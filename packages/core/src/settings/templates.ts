import { NudgeError } from "../errors/index.js";

/** Placeholders a message template may use. Anything else in braces is a mistake to report. */
export const TEMPLATE_PLACEHOLDERS = ["first_name", "name", "days_late", "date"] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateValues = Record<TemplatePlaceholder, string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;
const ALLOWED = TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(", ");

export interface TemplateProblem {
  /** 1-based line of the template list. */
  line: number;
  message: string;
}

/**
 * At most this many problems are reported: each names its line, so a person fixes them in turn,
 * and a pasted wall of `{x}{x}{x}…` cannot turn a small request into a huge answer.
 */
export const MAX_TEMPLATE_PROBLEMS = 50;

/** Checks every template line; returns the problems (an empty list means valid). */
export function findTemplateProblems(templates: readonly string[]): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const [i, template] of templates.entries()) {
    const line = i + 1;
    if (template.trim().length === 0) problems.push({ line, message: "empty template" });
    // Each unknown name once per line, however often it repeats.
    const unknown = new Set<string>();
    for (const match of template.matchAll(PLACEHOLDER)) {
      const name = match[1] ?? "";
      if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) unknown.add(name.slice(0, 40));
    }
    for (const name of unknown) {
      problems.push({ line, message: `unknown placeholder {${name}} (allowed: ${ALLOWED})` });
    }
    const opens = (template.match(/\{/g) ?? []).length;
    const closes = (template.match(/\}/g) ?? []).length;
    if (opens !== closes) problems.push({ line, message: "unbalanced braces" });
    if (problems.length >= MAX_TEMPLATE_PROBLEMS) break;
  }
  return problems.slice(0, MAX_TEMPLATE_PROBLEMS);
}

export function assertValidTemplates(templates: readonly string[], list: string): void {
  const problems = findTemplateProblems(templates);
  const first = problems[0];
  if (first) {
    throw new NudgeError("INVALID_TEMPLATE", `invalid ${list} template on line ${first.line}: ${first.message}`, {
      details: { list, problems },
    });
  }
}

/** Fills the placeholders of one template. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as TemplatePlaceholder] : whole,
  );
}

/**
 * Picks a template at random, avoiding the one this contact received last time when there is a
 * choice (the original bot's users noticed the same wish twice in a row).
 */
export function pickTemplate(templates: readonly string[], random: () => number, avoid?: string | null): string {
  if (templates.length === 0) throw new NudgeError("INVALID_TEMPLATE", "no message template configured");
  const pool = avoid != null && templates.length > 1 ? templates.filter((t) => t !== avoid) : [...templates];
  const choice = pool.length > 0 ? pool : templates;
  return choice[Math.min(choice.length - 1, Math.floor(random() * choice.length))] ?? templates[0] ?? "";
}
