import type { RouterOutputs } from "@nudge/api";
import { settingsSchema, type Settings } from "@nudge/core/schemas";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorInfo } from "../../lib/errors";
import { queryClient, trpc } from "../../lib/trpc";
import { issuesByPath } from "../../lib/zod-errors";
import { useSession } from "../../session";

type AccountSettings = RouterOutputs["settings"]["get"];
export type SettingsSection = keyof Settings;

/** `set(draft, "quotas.birthday_message.perDay", 20)` on a copy. */
function setPath<T extends object>(target: T, path: string, value: unknown): T {
  const copy = structuredClone(target);
  const keys = path.split(".");
  let node = copy as Record<string, unknown>;
  const last = keys.pop() ?? path;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  node[last] = value;
  return copy;
}

/**
 * A draft of some sections of the settings document, checked with the very schema the server
 * applies (`settingsSchema` from @nudge/core/schemas) before anything is sent. Errors are keyed
 * by path, so each shows under its own field; the server's refusal, if any, shows as well.
 */
export function useSettingsForm(loaded: AccountSettings, sections: readonly SettingsSection[]) {
  const { accountId } = useSession();
  const [draft, setDraft] = useState<Settings>(loaded.settings);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.settings.get.queryKey({ accountId }), saved);
        void queryClient.invalidateQueries({ queryKey: trpc.health.overview.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.campaigns.schedules.pathKey() });
      },
    }),
  );
  const submit = () => {
    const checked = settingsSchema.safeParse(draft);
    const found = checked.success ? {} : issuesByPath(checked.error.issues);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // Take the person to the first field in trouble.
      requestAnimationFrame(() => document.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
      return;
    }
    const patch = Object.fromEntries(sections.map((s) => [s, draft[s]]));
    save.mutate({ accountId, patch });
  };
  const serverFieldErrors = save.error ? errorInfo(save.error).fieldErrors : {};
  return {
    draft,
    set: (path: string, value: unknown) => setDraft((d) => setPath(d, path, value)),
    error: (path: string) => errors[path] ?? serverFieldErrors[path]?.[0],
    errors,
    submit,
    save,
  };
}
