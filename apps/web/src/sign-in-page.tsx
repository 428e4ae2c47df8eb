import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ErrorNote } from "./components/states";
import { queryClient, trpc } from "./lib/trpc";

/** An API key in, a session cookie out: the key itself is not kept by the browser. */
export function SignInPage() {
  const [apiKey, setApiKey] = useState("");
  const signIn = useMutation(
    trpc.panel.signIn.mutationOptions({
      onSuccess: async () => {
        setApiKey("");
        await queryClient.invalidateQueries();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ apiKey });
  };
  return (
    <main id="main" className="sign-in">
      <form onSubmit={submit} className="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          <span aria-hidden="true">✦</span> Nudge
        </h1>
        <p>Sign in with an API key. The server prints the first admin key when it starts for the first time.</p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="current-password"
          required
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          aria-invalid={signIn.isError || undefined}
          aria-describedby={signIn.isError ? "sign-in-error" : undefined}
        />
        <button type="submit" disabled={signIn.isPending || apiKey.trim() === ""}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
        <div id="sign-in-error">
          <ErrorNote error={signIn.error} />
        </div>
      </form>
    </main>
  );
}
