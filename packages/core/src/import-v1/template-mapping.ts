import { findTemplateProblems } from "../settings/templates.js";

/**
 * The original's message files (`messages.txt`, `late_messages.txt`): one template per line,
 * blank lines ignored. Its only working placeholder was `{name}`, filled with the first name, so
 * `{name}` becomes `{first_name}`. Its late file also used `{date}` to mean a number of days
 * ("décalée de {date} jours") and its built-in defaults `{days_late}`; both crashed the original
 * (it filled only `name`). In Nudge `{date}` is the birthday's date, so a `{date}` followed by
 * "days"/"jours" becomes `{days_late}`; any other `{date}` keeps its Nudge meaning.
 */

export const MAX_TEMPLATE_FILE_CHARS = 50_000;
const MAX_TEMPLATES = 100;
const MAX_TEMPLATE_LENGTH = 1000;

export interface TemplateLineProblem {
  /** 1-based line of the file. */
  line: number;
  text: string;
  message: string;
}

export interface MappedTemplates {
  templates: string[];
  /** Lines that were changed, with what they became. */
  rewritten: { line: number; from: string; to: string }[];
  /** Lines left out, and why. */
  rejected: TemplateLineProblem[];
}

const DAYS_AFTER_DATE = /\{date\}(\s*(?:jours?|days?)\b)/giu;

export function mapTemplateLine(line: string): string {
  return line.replace(/\{name\}/g, "{first_name}").replace(DAYS_AFTER_DATE, "{days_late}$1");
}

export function mapTemplateFile(content: string): MappedTemplates {
  const out: MappedTemplates = { templates: [], rewritten: [], rejected: [] };
  const lines = content.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const original = raw.trim();
    if (original.length === 0) continue;
    const line = i + 1;
    const preview = original.slice(0, 120);
    if (original.length > MAX_TEMPLATE_LENGTH) {
      out.rejected.push({ line, text: preview, message: `longer than ${MAX_TEMPLATE_LENGTH} characters` });
      continue;
    }
    if (out.templates.length >= MAX_TEMPLATES) {
      out.rejected.push({ line, text: preview, message: `more than ${MAX_TEMPLATES} templates` });
      continue;
    }
    const mapped = mapTemplateLine(original);
    const problem = findTemplateProblems([mapped])[0];
    if (problem) {
      out.rejected.push({ line, text: preview, message: problem.message });
      continue;
    }
    if (mapped !== original) out.rewritten.push({ line, from: original, to: mapped });
    out.templates.push(mapped);
  }
  return out;
}
