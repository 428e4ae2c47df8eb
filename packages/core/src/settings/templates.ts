import { NudgeError } from "../errors/index.js";

/** Placeholders a message template may use. Anything else in braces is a mistake to report. */
export const TEMPLATE_PLACEHOLDERS = ["first_name", "name", "days_late", "date"] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateValues = Record<TemplatePlaceholder, string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

export interface TemplateProblem {
  line: number;
  template: string;
  message: string;
}

/** Checks every template line; returns the problems (an empty list means valid). */
export function findTemplateProblems(templates: readonly string[]): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  templates.forEach((template, i) => {
    const line = i + 1;
    if (template.trim().length === 0) problems.push({ line, template, message: "empty template" });
    for (const match of template.matchAll(PLACEHOLDER)) {
      const name = match[1] ?? "";
      if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
        problems.push({
          line,
          template,
          message: `unknown placeholder {${name}} (allowed: ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")})`,
        });
      }
    }
    const opens = (template.match(/\{/g) ?? []).length;
    const closes = (template.match(/\}/g) ?? []).length;
    if (opens !== closes) problems.push({ line, template, message: "unbalanced braces" });
  });
  return problems;
}

export function assertValidTemplates(templates: readonly string[], list: string): void {
  const problems = findTemplateProblems(templates);
  if (problems.length > 0) {
    throw new NudgeError("INVALID_TEMPLATE", `invalid ${list} template on line ${problems[0]!.line}: ${problems[0]!.message}`, {
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
  return choice[Math.min(choice.length - 1, Math.floor(random() * choice.length))]!;
}
